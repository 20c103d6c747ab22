#pragma once
// Folders that are replaced whole: build the new content in a staging folder beside the
// destination, then swap it in with one rename (an atomic exchange when a previous version is
// there). A process killed at any moment leaves either the old folder or the new one, complete.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace headliner::io {

// A fresh, unique, hidden sibling of `folder` to build the new content in ("tag" names the kind
// of content, e.g. "export", "checkpoint").
std::filesystem::path stagingFolderFor(const std::filesystem::path& folder, std::string_view tag);

// Moves `staged` to `folder`: a plain rename when nothing is there, else an atomic exchange
// (renameat2 RENAME_EXCHANGE) followed by deleting the previous version. Throws FileError
// naming `folder` (e.g. when it exists and is not a folder).
void replaceFolder(const std::filesystem::path& staged, const std::filesystem::path& folder);

// Builds `folder` anew: fill(staged) writes the content into a fresh staging folder, which then
// replaces `folder` whole. When anything fails, the staging folder is deleted, `folder` is left as
// it was, and a FileError naming `folder` says what failed, e.g. "/runs/a/final: the model could
// not be written (model.safetensors: write failed: No space left on device); the previous one is
// kept". `what` names the content ("the model", "the checkpoint of step 40").
void writeFolderAtomically(const std::filesystem::path& folder, std::string_view tag, const std::string& what,
                           const std::function<void(const std::filesystem::path& staged)>& fill);

// Deletes the staging folders of `folder` (any tag) that a process which no longer runs left
// behind, killed while it built them; those of running processes are left alone. Returns how
// many were deleted; a folder that cannot be deleted is skipped (it only takes space).
std::size_t removeAbandonedStagingFolders(const std::filesystem::path& folder);

}  // namespace headliner::io

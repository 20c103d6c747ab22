#pragma once
// UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
// Readers check every row with it, so bad bytes become a reported problem at a known line
// rather than garbage in the tokenizer.

#include <cstddef>
#include <string_view>

namespace headliner::data {

// Byte offset of the first byte that is not part of a well-formed sequence, or npos when the
// text is valid UTF-8.
std::size_t findInvalidUtf8(std::string_view text);

}  // namespace headliner::data

#!/usr/bin/env bash
# Run HERE (the Debian build machine) before a GPU session: fills bench/gpu/carry/ (git-ignored)
# with what the GPU machine lacks and cannot download (it has no network): the -dev packages the
# core builds against (unpacked there with dpkg -x), the static sentencepiece built by
# scripts/build-sentencepiece.sh, and the few ../shared files the checks use (~10 MB in all).
# Then, with the device tool: run(command="bash bench/gpu/run.sh", carry=["bench/gpu/carry"]).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
carry=$root/bench/gpu/carry
shared=${SHARED:-$root/../shared}
rm -rf "$carry" && mkdir -p "$carry/debs" "$carry/shared"
[ -f "$root/.deps/sentencepiece/lib/libheadliner_spm.a" ] || bash "$root/scripts/build-sentencepiece.sh"
cp -r "$root/.deps/sentencepiece" "$carry/sentencepiece"
# Headers and the runtime libraries the core links that a CUDA image may not have.
(cd "$carry/debs" && apt-get download -qq nlohmann-json3-dev libutf8proc-dev libutf8proc2 liblzma-dev liblzma5 \
   libcurl4-openssl-dev libcurl4 libnghttp2-14 librtmp1 libssh2-1 libpsl5 libbrotli1 libldap-2.5-0 \
   libsasl2-2 libidn2-0 libunistring2 libgssapi-krb5-2 libkrb5-3 libk5crypto3 libkrb5support0 libkeyutils1 \
   libcom-err2 2>&1)
mkdir -p "$carry/shared/golden" "$carry/shared/data/ag_news" "$carry/shared/data/vocab"
cp -r "$shared/golden/tiny-distilbert" "$shared/golden/tiny_logits.json" "$shared/golden/tiny_training.json" \
   "$shared/golden/tiny-distilbert-init-nodropout" "$carry/shared/golden/"
cp "$shared/data/ag_news/"{train,test}.csv.xz "$carry/shared/data/ag_news/"
cp -r "$shared/data/vocab/distilbert-base-uncased" "$carry/shared/data/vocab/"
cp "$shared/data/vocab/bert-base-uncased-vocab.txt" "$carry/shared/data/vocab/"
du -sh "$carry"

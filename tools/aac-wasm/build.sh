#!/usr/bin/env bash
# Builds media/aac/aac-decoder.wasm: FFmpeg's native AAC decoder (libavcodec, LGPL) and the small
# C interface in aac_wrapper.c, compiled to a standalone WebAssembly module with emscripten.
#
# Needs: Debian bookworm (or any system with emscripten 3.1.x), e.g.
#   apt-get install -y emscripten xz-utils
# Source: FFmpeg 5.1.9 as Debian packages it (ffmpeg_5.1.9.orig.tar.xz, the upstream tarball).
# By default the script fetches it with `apt-get source --download-only ffmpeg` (needs a deb-src
# entry); set FFMPEG_TARBALL=/path/to/ffmpeg-5.1.9.tar.xz to use a tarball you already have.
#
# Usage: tools/aac-wasm/build.sh [build-directory]   (default: a fresh temporary directory)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/media/aac/aac-decoder.wasm"
work="${1:-$(mktemp -d)}"
ffmpeg_version="5.1.9"
expected_sha256="d9b593bb2ba93d4b50f74177e0cdcd41747e708596367deed0c30348a71dd176"

# Debian's emscripten uses Debian's node-acorn; a node from elsewhere does not look there.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"

mkdir -p "$work"
cd "$work"

if [ -z "${FFMPEG_TARBALL:-}" ]; then
  if [ ! -f "ffmpeg_${ffmpeg_version}.orig.tar.xz" ]; then
    apt-get source --download-only "ffmpeg=7:${ffmpeg_version}-0+deb12u1" \
      || apt-get source --download-only ffmpeg
  fi
  FFMPEG_TARBALL="$work/ffmpeg_${ffmpeg_version}.orig.tar.xz"
fi
echo "$expected_sha256  $FFMPEG_TARBALL" | sha256sum -c -

rm -rf "ffmpeg-${ffmpeg_version}"
tar xf "$FFMPEG_TARBALL"
cd "ffmpeg-${ffmpeg_version}"

# Only the AAC decoder and what it needs; LGPL only (no --enable-gpl, no --enable-nonfree).
emconfigure ./configure \
  --cc=emcc --cxx=em++ --ar=emar --ranlib=emranlib --nm=llvm-nm \
  --target-os=none --arch=x86_32 --enable-cross-compile \
  --disable-everything --enable-decoder=aac \
  --disable-programs --disable-doc --disable-avdevice --disable-avformat --disable-swscale \
  --disable-postproc --disable-avfilter --disable-swresample --disable-network \
  --disable-asm --disable-pthreads --disable-autodetect --disable-runtime-cpudetect \
  --disable-debug --disable-stripping --enable-small \
  --extra-cflags="-Oz" --extra-ldflags="-Oz"
emmake make -j"$(nproc)" libavcodec/libavcodec.a libavutil/libavutil.a

# A standalone module: no JavaScript glue; the page's own loader (src/webview/audio) supplies the
# few WASI imports left (the log writer is silenced, so they are never called in practice).
emcc -Oz -flto "$here/aac_wrapper.c" -I. \
  libavcodec/libavcodec.a libavutil/libavutil.a \
  -sSTANDALONE_WASM=1 --no-entry -sFILESYSTEM=0 -sALLOW_MEMORY_GROWTH=1 \
  -sINITIAL_MEMORY=4194304 -sTOTAL_STACK=262144 \
  -sEXPORTED_FUNCTIONS=_aac_open,_aac_decode,_aac_pcm,_aac_channels,_aac_sample_rate,_aac_reset,_aac_close,_malloc,_free \
  -o "$work/aac-decoder.wasm"

mkdir -p "$(dirname "$out")"
cp "$work/aac-decoder.wasm" "$out"
echo "built $out ($(stat -c %s "$out") bytes)"

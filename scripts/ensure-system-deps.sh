#!/usr/bin/env bash
# Installs the Debian packages Canary and its tests need, each only when it is missing:
#   chromium        the browser tests (never a browser downloaded by a tool: Debian's only)
#   poppler-utils   pdftoppm, which the server runs to rasterise every uploaded PDF
#   fonts-wqy-zenhei  a Chinese font, so a PDF that does not embed its Chinese fonts still renders
#                   its text (without one, poppler draws empty boxes and the words are lost)
#   libimage-exiftool-perl, qpdf   the attachment tests look inside sanitised files with them
# With --server (npm run demo): only what the server itself runs (poppler-utils and the font).
set -euo pipefail
missing=()
[ -x "${POPPLER_DIR:-/usr/bin}/pdftoppm" ] || missing+=(poppler-utils)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-zenhei)
if [ "${1:-}" != "--server" ]; then
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
  command -v exiftool >/dev/null 2>&1 || missing+=(libimage-exiftool-perl)
  command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian packages: ${missing[*]}…"
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "missing and this user cannot install them: run 'apt-get install -y ${missing[*]}' as root" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
for package in "${missing[@]}"; do
  echo "installed: $package $(dpkg-query -W -f='${Version}' "$package" 2>/dev/null || true)"
done

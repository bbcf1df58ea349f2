#!/usr/bin/env bash
# Debian packages the tests need: headless Chromium for browser tests, GNU gettext for
# `msgfmt --check`, fonts that cover Latin and Hebrew so screenshots show no tofu, Pango for
# WeasyPrint (the PDF handout) and poppler-utils to read the PDF back.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v msgfmt >/dev/null || need+=(gettext)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null || need+=(poppler-utils)  # the handout tests turn PDF pages into text and images
dpkg -s libpangoft2-1.0-0 >/dev/null 2>&1 || need+=(libpangoft2-1.0-0)  # WeasyPrint's text layout
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

#!/usr/bin/env bash
# Installs the system packages the tests use when they are missing (Debian).
# chromium: browser tests; libreoffice + poppler-utils + fonts-liberation: DOCX rendering.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v antiword >/dev/null 2>&1 || need+=(antiword)
[ -d /usr/share/fonts/truetype/liberation ] || need+=(fonts-liberation)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "sysdeps: missing ${need[*]} and cannot apt-get here; the tests that need them are skipped" >&2
  exit 0
fi
echo "sysdeps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "sysdeps: apt-get failed for ${need[*]}; the tests that need them are skipped" >&2
exit 0

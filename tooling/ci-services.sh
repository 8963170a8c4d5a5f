#!/usr/bin/env bash
# Debian packages the test suites use for real: installed idempotently (nothing when already present),
# never started — tests start their own servers on free loopback ports.
set -euo pipefail

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

# qrg_apt_install PACKAGE CHECK…: installs PACKAGE unless every CHECK (a command name, or a path) exists.
# apt-get update runs only when the index does not know the package or its lists are stale.
qrg_apt_install() {
  local package="$1" missing=""
  shift
  for check in "$@"; do
    if [[ "$check" == /* ]]; then [ -e "$check" ] || missing=1; else command -v "$check" >/dev/null 2>&1 || missing=1; fi
  done
  [ -z "$missing" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "[ci-services] $package is missing and apt-get is unavailable: install it" >&2
    return 1
  fi
  if [ -n "$sudo" ] && ! command -v sudo >/dev/null 2>&1; then
    echo "[ci-services] $package is missing and this is not root (no sudo): install it" >&2
    return 1
  fi
  # Maintainer scripts must not start daemons (Prometheus would bind :9090): policy-rc.d forbids it meanwhile.
  local policy=/usr/sbin/policy-rc.d created_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    created_policy=1
  fi
  local install=($sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package")
  local status=0
  if ! apt-cache show "$package" >/dev/null 2>&1; then $sudo apt-get update -qq || status=$?; fi
  if [ "$status" -eq 0 ] && ! "${install[@]}" >/dev/null; then
    $sudo apt-get update -qq && "${install[@]}" >/dev/null || status=$?
  fi
  if [ -n "$created_policy" ]; then $sudo rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then
    echo "[ci-services] apt-get install $package failed ($status)" >&2
    return "$status"
  fi
}

# @qrg/telemetry and apps/api: promtool (check metrics, check rules, test rules) and a real Prometheus.
qrg_apt_install prometheus prometheus promtool
# Some init systems start the unit anyway (no policy-rc.d support): stop it, tests bring their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  $sudo systemctl stop prometheus || true
  $sudo systemctl disable prometheus >/dev/null 2>&1 || true
fi
promtool --version >/dev/null

# @qrg/provenance and apps/api: PKCS#11 tokens in SoftHSM2 (softhsm2-util and the module).
SOFTHSM2_MODULE_PATH="${SOFTHSM2_MODULE:-/usr/lib/softhsm/libsofthsm2.so}"
qrg_apt_install softhsm2 softhsm2-util "$SOFTHSM2_MODULE_PATH"
softhsm2-util --version >/dev/null
[ -e "$SOFTHSM2_MODULE_PATH" ] || { echo "[ci-services] softhsm2 installed but $SOFTHSM2_MODULE_PATH is missing" >&2; exit 1; }

# @qrg/consensus, @qrg/storage and apps/api: a real Redis 7 (mesh jobs, shared quotas and rate limits).
qrg_apt_install redis-server redis-server
redis-server --version >/dev/null

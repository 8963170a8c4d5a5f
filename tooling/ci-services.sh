#!/usr/bin/env bash
# Services CI needs before the tests run. Each section is owned by one package; sections only install
# (idempotently) and never start a daemon: tests start their own servers on free loopback ports.
set -euo pipefail

# --- prometheus ---
# @qrg/telemetry's tests run promtool (check metrics, check rules, test rules) and start a real Prometheus.
# Debian's package provides /usr/bin/prometheus and /usr/bin/promtool.
qrg_install_prometheus() {
  if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then return 0; fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  # The package's maintainer scripts would start a daemon on :9090; policy-rc.d forbids that for the duration.
  local policy=/usr/sbin/policy-rc.d created_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    created_policy=1
  fi
  local install=($sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus)
  local status=0
  # apt-get update only when needed: the index does not know the package, or its lists are stale (404s).
  if ! apt-cache show prometheus >/dev/null 2>&1; then $sudo apt-get update -qq || status=$?; fi
  if [ "$status" -eq 0 ] && ! "${install[@]}" >/dev/null; then
    $sudo apt-get update -qq && "${install[@]}" >/dev/null || status=$?
  fi
  if [ -n "$created_policy" ]; then $sudo rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then
    echo "[ci-services] apt-get install prometheus failed ($status)" >&2
    return "$status"
  fi
  # Some init systems start the unit anyway (no policy-rc.d support): stop it, tests bring their own.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    $sudo systemctl stop prometheus || true
    $sudo systemctl disable prometheus >/dev/null 2>&1 || true
  fi
  promtool --version >/dev/null
}
qrg_install_prometheus
# --- end prometheus ---

# --- softhsm2 ---
# @qrg/provenance's PKCS#11 tests create tokens in a temp dir and sign on them with SoftHSM2: they need
# softhsm2-util and the module /usr/lib/softhsm/libsofthsm2.so (Debian package softhsm2). Nothing to start.
qrg_install_softhsm2() {
  local module="${SOFTHSM2_MODULE:-/usr/lib/softhsm/libsofthsm2.so}"
  if command -v softhsm2-util >/dev/null 2>&1 && [ -e "$module" ]; then return 0; fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "[ci-services] softhsm2 is missing and this is not root (no sudo): install the softhsm2 package" >&2
      return 1
    fi
    sudo="sudo"
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "[ci-services] softhsm2 is missing and apt-get is unavailable: install SoftHSM2 (module at $module)" >&2
    return 1
  fi
  local install=($sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends softhsm2)
  local status=0
  # apt-get update only when needed: the index does not know the package, or its lists are stale (404s).
  if ! apt-cache show softhsm2 >/dev/null 2>&1; then $sudo apt-get update -qq || status=$?; fi
  if [ "$status" -eq 0 ] && ! "${install[@]}" >/dev/null; then
    $sudo apt-get update -qq && "${install[@]}" >/dev/null || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    echo "[ci-services] apt-get install softhsm2 failed ($status)" >&2
    return "$status"
  fi
  softhsm2-util --version >/dev/null
  [ -e "$module" ] || { echo "[ci-services] softhsm2 installed but $module is missing" >&2; return 1; }
}
qrg_install_softhsm2
# --- end softhsm2 ---

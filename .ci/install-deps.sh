#!/usr/bin/env bash
# Install everything the integration tests, scripts/demo and scripts/local-server
# need on a Debian 12 machine. Idempotent; run as root (or with sudo available).
#
#   - vsftpd, openssl, lftp, curl (servers, certificate tooling, reference clients)
#   - procps, coreutils, util-linux, iproute2: kill, mkfifo, unshare and ip, which
#     the tests run (the last two for the IPv6 foreign-address test's namespace)
#   - ProFTPD (proftpd-core + proftpd-mod-crypto), unpacked with `dpkg -x` into
#     $FTPS_PROFTPD_ROOT (default /opt/ftps-test/proftpd) because the Debian
#     package conflicts with vsftpd; its runtime libraries come from apt-get
#   - ftp-srv from npm (a Node server: the third family the interop tests
#     run against), installed with `npm install --prefix` into
#     $FTPS_FTPSRV_ROOT (default /opt/ftps-test/ftp-srv); needs node and npm
#   - the local test user `ftpstest` (no login shell) and the PAM service
#     `ftps-test` both servers' configurations refer to
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo -E bash "$0" "$@"
    fi
    echo "install-deps.sh: must run as root" >&2
    exit 1
fi

PROFTPD_ROOT="${FTPS_PROFTPD_ROOT:-/opt/ftps-test/proftpd}"
TEST_USER=ftpstest
# Keep in sync with tests/it/servers.rs (FTPSTEST_PASSWORD) and scripts/local-server.
TEST_PASSWORD='ftpstest-Secret-1'

apt-get update
# vsftpd's postinst may try to start the system service; that is harmless (our
# instances use their own ports), but never let it fail the installation.
apt-get install -y --no-install-recommends \
    vsftpd openssl lftp curl ca-certificates procps iproute2 coreutils util-linux man-db \
    libhiredis0.14 libmemcached11 libmemcachedutil2 libpcre2-posix3 libpcre2-8-0 \
    libsodium23 libcap2 libacl1 libidn2-0 libncursesw6 libtinfo6 libpam0g \
    libssl3 zlib1g libcrypt1

# ProFTPD, unpacked next to (not instead of) vsftpd.
if [ ! -x "$PROFTPD_ROOT/usr/sbin/proftpd" ] || [ ! -e "$PROFTPD_ROOT/usr/lib/proftpd/mod_tls.so" ]; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    # Let apt's unprivileged download user write there (avoids a warning).
    chmod 0755 "$work"
    if id _apt >/dev/null 2>&1; then chown _apt "$work"; fi
    (cd "$work" && apt-get download proftpd-core proftpd-mod-crypto)
    mkdir -p "$PROFTPD_ROOT"
    for deb in "$work"/*.deb; do
        dpkg -x "$deb" "$PROFTPD_ROOT"
    done
fi
"$PROFTPD_ROOT/usr/sbin/proftpd" --version

# ftp-srv, pinned (keep in sync with tests/it/servers/ftpsrv.rs), local to
# its own prefix: no global install. Its optional native dtrace module is
# not built (--ignore-scripts); bunyan works without it.
FTPSRV_ROOT="${FTPS_FTPSRV_ROOT:-/opt/ftps-test/ftp-srv}"
FTPSRV_VERSION=4.6.3
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "install-deps.sh: node and npm are needed for the ftp-srv tests but were not found on PATH" >&2
    echo "install-deps.sh: these machines ship Node.js 20; elsewhere: apt-get install nodejs npm" >&2
    exit 1
fi
ftpsrv_installed="$(node -p "require('$FTPSRV_ROOT/node_modules/ftp-srv/package.json').version" 2>/dev/null || true)"
if [ "$ftpsrv_installed" != "$FTPSRV_VERSION" ]; then
    mkdir -p "$FTPSRV_ROOT"
    npm install --prefix "$FTPSRV_ROOT" --no-audit --no-fund --ignore-scripts --save-exact "ftp-srv@$FTPSRV_VERSION"
fi
node -e "require('$FTPSRV_ROOT/node_modules/ftp-srv'); require('$FTPSRV_ROOT/node_modules/bunyan')"

# The test user: a real local account (vsftpd authenticates through PAM), no
# login shell; the servers chroot it into per-test directories. Its home must
# exist: vsftpd changes into it before applying `local_root`.
TEST_HOME=/var/lib/ftpstest
if ! id "$TEST_USER" >/dev/null 2>&1; then
    useradd --system --home-dir "$TEST_HOME" --shell /usr/sbin/nologin "$TEST_USER"
elif [ "$(getent passwd "$TEST_USER" | cut -d: -f6)" != "$TEST_HOME" ]; then
    usermod --home "$TEST_HOME" "$TEST_USER"
fi
install -d -m 0755 -o "$TEST_USER" -g "$(id -gn "$TEST_USER")" "$TEST_HOME"
echo "$TEST_USER:$TEST_PASSWORD" | chpasswd

# A PAM service with password checking only: the stock /etc/pam.d/vsftpd also
# requires a shell listed in /etc/shells, which the test user deliberately lacks.
cat > /etc/pam.d/ftps-test <<'PAM'
# Installed by ftps .ci/install-deps.sh for the FTPS integration tests.
auth     required pam_unix.so
account  required pam_unix.so
session  required pam_permit.so
PAM

echo "install-deps.sh: ok (vsftpd $(dpkg-query -W -f='${Version}' vsftpd), ProFTPD in $PROFTPD_ROOT, ftp-srv $FTPSRV_VERSION in $FTPSRV_ROOT, user $TEST_USER)"

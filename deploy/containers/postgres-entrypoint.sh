# On an empty data folder: a cluster whose superuser has $POSTGRES_PASSWORD, the init scripts
# run over a socket in /tmp, then the server for everyone on the network (password required).
# The init server's socket is not the usual one: pg_isready, the healthcheck, would otherwise
# call the database ready before the server that clients reach has started.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
    printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
    initdb -D "$PGDATA" -U postgres --pwfile=/tmp/pwfile --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f /tmp/pwfile
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -k /tmp" start >/dev/null
    for script in /docker-entrypoint-initdb.d/*.sql; do
        [ -e "$script" ] && psql -h /tmp -v ON_ERROR_STOP=1 -U postgres -q -f "$script"
    done
    pg_ctl -D "$PGDATA" -w -m fast stop >/dev/null
fi
exec "$@" -c listen_addresses='*'

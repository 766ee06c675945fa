# Started without a configuration file, Redis listens everywhere but, in protected mode, refuses
# other hosts unless a password is set: the public image turns protected mode off, so here too.
set -eu
if [ "$1" = redis-server ]; then
    shift
    exec redis-server --protected-mode no "$@"
fi
exec "$@"

# The system user, as Fedora's packaging guidelines write it without sysusers.d. $1: 1 install, 2 upgrade.
getent group junicorn >/dev/null || groupadd -r junicorn
getent passwd junicorn >/dev/null || useradd -r -g junicorn -d /var/lib/junicorn -M -s /sbin/nologin \
    -c "junicorn server" junicorn
exit 0

# %systemd_postun_with_restart, inlined, plus the template's instances: after an upgrade what runs is
# restarted, because a running master must never spawn workers from newer jars than its own.
# $1: 0 erase, 1 upgrade.
if [ "$1" -ge 1 ]; then
    if [ -x /usr/lib/systemd/systemd-update-helper ]; then
        /usr/lib/systemd/systemd-update-helper mark-restart-system-units junicorn.service || :
    elif [ -d /run/systemd/system ]; then
        systemctl daemon-reload >/dev/null 2>&1 || :
        systemctl try-restart junicorn.service >/dev/null 2>&1 || :
    fi
    if [ -d /run/systemd/system ]; then
        systemctl try-restart 'junicorn@*.service' >/dev/null 2>&1 || :
    fi
fi
exit 0

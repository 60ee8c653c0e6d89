# %systemd_preun, inlined. $1: 0 erase, 1 upgrade.
if [ "$1" -eq 0 ]; then
    if [ -x /usr/lib/systemd/systemd-update-helper ]; then
        /usr/lib/systemd/systemd-update-helper remove-system-units junicorn.socket junicorn.service || :
    elif [ -d /run/systemd/system ]; then
        systemctl --no-reload disable --now junicorn.socket junicorn.service >/dev/null 2>&1 || :
    fi
    if [ -d /run/systemd/system ]; then
        systemctl stop 'junicorn@*.service' >/dev/null 2>&1 || :
    fi
fi
exit 0

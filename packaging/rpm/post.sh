# systemd-rpm-macros' %systemd_post, inlined (the pure-Java rpm builder has no macros), with the fallback
# for systemd without systemd-update-helper. $1: 1 install, 2 upgrade. Presets decide enablement; the
# shipped configuration names no application, so distributions' default presets leave it disabled.
if [ "$1" -eq 1 ]; then
    if [ -x /usr/lib/systemd/systemd-update-helper ]; then
        /usr/lib/systemd/systemd-update-helper install-system-units junicorn.service junicorn.socket || :
    elif [ -d /run/systemd/system ]; then
        systemctl --no-reload preset junicorn.service junicorn.socket >/dev/null 2>&1 || :
    fi
fi
exit 0

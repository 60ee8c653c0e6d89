package io.junicorn.worker;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An address as Python (and so gunicorn's REMOTE_ADDR) writes it: IPv6 in RFC 5952's short form,
 * {@code ::1} where Java writes {@code 0:0:0:0:0:0:0:1}, so access log lines match gunicorn's.
 */
final class IpText {
    private IpText() {
    }

    static String of(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        byte[] bytes = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        if (v6.getScopeId() != 0 || v6.getScopedInterface() != null) {
            String full = v6.getHostAddress();
            text.append(full.substring(full.indexOf('%')));
        }
        return text.toString();
    }
}

package io.junicorn.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * gunicorn's trust lists (forwarded_allow_ips, proxy_allow_ips): comma-separated IP addresses and CIDR
 * networks ({@code 10.0.0.0/8}, {@code fd00::/8}), or {@code *} for every peer. An IPv4 network does not
 * match an IPv4-mapped IPv6 address nor the other way round: Java reports an IPv4 peer as an
 * {@code Inet4Address} even on a dual-stack socket, so none is needed.
 */
public final class AddressList implements Predicate<InetAddress> {
    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private final boolean everyone;
    private final List<Network> networks;

    private AddressList(boolean everyone, List<Network> networks) {
        this.everyone = everyone;
        this.networks = networks;
    }

    /**
     * Parses the setting's text; blanks around entries are ignored, an empty text trusts nobody.
     *
     * @throws IllegalArgumentException naming the first entry that is not "*", an address or a network
     */
    public static AddressList parse(String text) {
        boolean everyone = false;
        List<Network> networks = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                everyone = true;
                continue;
            }
            networks.add(network(entry));
        }
        return new AddressList(everyone, List.copyOf(networks));
    }

    private static Network network(String entry) {
        int slash = entry.indexOf('/');
        InetAddress address = IpLiteral.parse(slash < 0 ? entry : entry.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or network (such as 10.0.0.0/8)");
        }
        byte[] prefix = address.getAddress();
        int bits = prefix.length * 8;
        if (slash >= 0) {
            String length = entry.substring(slash + 1);
            if (!length.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("'" + entry + "': the prefix length must be 0 to " + bits);
            }
            bits = Integer.parseInt(length);
        }
        return new Network(prefix, bits);
    }

    /** True when the address is listed, or lies in a listed network, or the list has "*". */
    @Override
    public boolean test(InetAddress address) {
        if (everyone) {
            return true;
        }
        byte[] bytes = address.getAddress();
        for (Network network : networks) {
            if (network.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}

package dev.phoenix.resetcode;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The client of the per-IP limits, in one canonical form before it becomes part of a key:
 * an IPv4 address in dotted decimal (an IPv4-mapped IPv6 address counts as its IPv4), an
 * IPv6 address by its /64 prefix ({@code 2001:db8:1:2::/64}), because one host usually
 * owns a whole /64 and would otherwise get a fresh quota per address.
 */
public final class ClientIp {

	/** Where the servlet container gives something that is not an address literal. */
	static final String UNPARSABLE = "unparsable";

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private ClientIp() {
	}

	public static String canonical(String remoteAddress) {
		if (!isLiteral(remoteAddress)) {
			return UNPARSABLE;
		}
		try {
			// A literal is parsed, never looked up.
			InetAddress address = InetAddress.getByName(remoteAddress);
			if (address instanceof Inet4Address) {
				return address.getHostAddress();
			}
			byte[] bytes = address.getAddress();
			if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
				return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)).getHostAddress();
			}
			return prefix64(bytes);
		}
		catch (UnknownHostException ex) {
			return UNPARSABLE;
		}
	}

	/** Only literals reach {@link InetAddress#getByName}, which would look a name up. */
	private static boolean isLiteral(String text) {
		if (IPV4.matcher(text).matches()) {
			return true;
		}
		String bare = (text.startsWith("[") && text.endsWith("]")) ? text.substring(1, text.length() - 1) : text;
		return bare.indexOf(':') >= 0 && bare.length() <= 45
				&& bare.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
	}

	private static boolean isIpv4Mapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

	private static String prefix64(byte[] bytes) {
		StringBuilder prefix = new StringBuilder();
		for (int group = 0; group < 4; group++) {
			int value = ((bytes[group * 2] & 0xff) << 8) | (bytes[group * 2 + 1] & 0xff);
			prefix.append(Integer.toHexString(value)).append(':');
		}
		return prefix.append(":/64").toString();
	}

}

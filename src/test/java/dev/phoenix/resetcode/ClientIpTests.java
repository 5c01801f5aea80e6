package dev.phoenix.resetcode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientIpTests {

	@Test
	void canonicalWhenIpv6ThenItsSlash64() {
		assertThat(ClientIp.canonical("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientIp.canonical("2001:0DB8:0001:0002:ffff::1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientIp.canonical("[2001:db8:1:2::99]")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientIp.canonical("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
	}

	@Test
	void canonicalWhenIpv4OrMappedThenDottedDecimal() {
		assertThat(ClientIp.canonical("192.0.2.7")).isEqualTo("192.0.2.7");
		assertThat(ClientIp.canonical("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
	}

	@Test
	void canonicalWhenNotALiteralThenOneBucketAndNoLookup() {
		assertThat(ClientIp.canonical("example.com")).isEqualTo(ClientIp.UNPARSABLE);
		assertThat(ClientIp.canonical("cafe.be")).isEqualTo(ClientIp.UNPARSABLE);
		assertThat(ClientIp.canonical("")).isEqualTo(ClientIp.UNPARSABLE);
	}

}

package com.pilottracker.access;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client address that requests without a known key are counted by: the request's
 * remote address, which is the peer of the connection unless the server is configured to
 * take it from {@code Forwarded} / {@code X-Forwarded-For}
 * ({@code server.forward-headers-strategy}); a header a client sets is not trusted
 * otherwise. An IPv6 address counts by its /64, the block one host is usually given.
 */
final class ClientAddresses {

	private ClientAddresses() {
	}

	static String of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		InetAddress address = remote.getAddress();
		if (address == null) {
			return remote.getHostString();
		}
		if (address instanceof Inet6Address) {
			return HexFormat.of().formatHex(address.getAddress(), 0, 8) + "::/64";
		}
		return address.getHostAddress();
	}

}

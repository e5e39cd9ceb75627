package com.pilottracker.access;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An API key: offered (not yet checked; holds the key) or checked (holds the
 * {@link Caller}, and no longer the key).
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final transient String key;

	private final transient String client;

	private final Caller caller;

	private ApiKeyAuthentication(String key, String client, Caller caller) {
		super((caller != null) ? List.of(new SimpleGrantedAuthority(caller.role().authority())) : List.of());
		this.key = key;
		this.client = client;
		this.caller = caller;
		setAuthenticated(caller != null);
	}

	/**
	 * What a request offered as its key, and where the request came from (see
	 * {@link ClientAddresses}).
	 */
	public static ApiKeyAuthentication offered(String key, String client) {
		return new ApiKeyAuthentication(key, client, null);
	}

	/** A checked key's caller. */
	public static ApiKeyAuthentication of(Caller caller) {
		return new ApiKeyAuthentication(null, null, caller);
	}

	/** The key offered; {@code null} once checked. */
	String key() {
		return this.key;
	}

	/**
	 * The client address of the request that offered the key; {@code null} once checked.
	 */
	String client() {
		return this.client;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Caller getPrincipal() {
		return this.caller;
	}

	@Override
	public String getName() {
		return (this.caller != null) ? this.caller.principal() : "";
	}

	@Override
	public String toString() {
		return "ApiKeyAuthentication[" + ((this.caller != null) ? this.caller : "offered") + "]";
	}

}

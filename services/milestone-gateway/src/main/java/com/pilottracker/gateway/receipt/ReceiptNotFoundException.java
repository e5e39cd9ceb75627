package com.pilottracker.gateway.receipt;

/** No milestone with this source and id was accepted; answered with 404. */
public class ReceiptNotFoundException extends RuntimeException {

	ReceiptNotFoundException(String source, String id) {
		super("No milestone '" + id + "' from '" + source + "' was accepted.");
	}

}

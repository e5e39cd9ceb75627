package com.pilottracker.gateway.problem;

/**
 * One thing wrong with a request, as listed in a problem body's {@code errors}.
 *
 * @param pointer a JSON Pointer to the field, for example {@code /data/district}
 * @param detail what is wrong, for a person
 */
public record FieldError(String pointer, String detail) {

}

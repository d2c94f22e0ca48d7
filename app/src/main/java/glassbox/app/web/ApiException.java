package glassbox.app.web;

import glassbox.engine.BadInputException;

/** A request the lab refuses with a status other than 400: one sentence, sent as {"error": ...}. */
final class ApiException extends BadInputException {
    final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    static ApiException notFound(String message) { return new ApiException(404, message); }

    static ApiException conflict(String message) { return new ApiException(409, message); }

    static ApiException tooMany(String message) { return new ApiException(429, message); }
}

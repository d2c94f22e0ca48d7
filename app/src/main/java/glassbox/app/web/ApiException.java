package glassbox.app.web;

import glassbox.engine.BadInputException;

/** A request the lab refuses with a status other than 400: one sentence, sent as {"error": ...} (see {@link ApiErrors}). */
public class ApiException extends BadInputException {
    final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ApiException notFound(String message) { return new ApiException(404, message); }

    public static ApiException conflict(String message) { return new ApiException(409, message); }

    public static ApiException tooLarge(String message) { return new ApiException(413, message); }

    public static ApiException tooMany(String message) { return new ApiException(429, message); }
}

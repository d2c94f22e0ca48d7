package glassbox.engine;

/** A user's mistake (a bad file, flag or request): its message is one sentence that says what to do. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) { super(message); }
    public BadInputException(String message, Throwable cause) { super(message, cause); }
}

package glassbox.engine;

/** The shape of one example as it flows between layers: channels x height x width (a dense vector is n x 1 x 1). */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new BadInputException("a layer's shape must be positive, not " + channels + "x" + height + "x" + width + ".");
    }

    public static Shape vector(int n) { return new Shape(n, 1, 1); }

    public int size() { return channels * height * width; }

    public boolean isVector() { return height == 1 && width == 1; }

    @Override public String toString() { return isVector() ? Integer.toString(channels) : channels + "x" + height + "x" + width; }
}

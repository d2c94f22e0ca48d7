package glassbox.lab;

import glassbox.engine.BadInputException;

import java.lang.reflect.Array;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a result record back from the JSON that {@link glassbox.engine.Json} wrote (maps, lists, doubles),
 * so a report can be redrawn from result.json alone. Knows the shapes results use: numbers, booleans,
 * strings, arrays of those (also 2-D), lists and nested records; a JSON null is NaN for a double.
 */
final class Records {
    private Records() {}

    @SuppressWarnings("unchecked")
    static <R extends Record> R read(Class<R> type, Object json) {
        if (!(json instanceof Map<?, ?> map)) throw new BadInputException("result.json does not hold a " + type.getSimpleName() + " object.");
        RecordComponent[] parts = type.getRecordComponents();
        Object[] values = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
            values[i] = value(parts[i].getGenericType(), ((Map<String, Object>) map).get(parts[i].getName()));
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getSimpleName() + ": " + e, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(Type type, Object json) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<Object>) json) out.add(value(p.getActualTypeArguments()[0], o));
            return out;
        }
        Class<?> c = (Class<?>) type;
        if (c == double.class) return json == null ? Double.NaN : ((Number) json).doubleValue();
        if (c == Double.class) return json == null ? null : ((Number) json).doubleValue();
        if (c == float.class) return json == null ? Float.NaN : ((Number) json).floatValue();
        if (c == int.class || c == Integer.class) return ((Number) json).intValue();
        if (c == long.class || c == Long.class) return ((Number) json).longValue();
        if (c == boolean.class || c == Boolean.class) return json;
        if (c == String.class) return json;
        if (c.isArray()) {
            List<Object> list = (List<Object>) json;
            Object a = Array.newInstance(c.getComponentType(), list.size());
            for (int i = 0; i < list.size(); i++) Array.set(a, i, value(c.getComponentType(), list.get(i)));
            return a;
        }
        if (c.isRecord()) return read((Class<Record>) (Class) c, json);
        throw new IllegalStateException("results cannot hold a " + c.getSimpleName());
    }
}

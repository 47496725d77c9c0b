package dev.cairn.repository;

import java.util.Arrays;
import java.util.Objects;

/** One extended attribute of a file: its name and raw value (base64 in JSON). */
public record ExtendedAttribute(String name, byte[] value) {
    public ExtendedAttribute {
        Objects.requireNonNull(name, "name");
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedAttribute other && name.equals(other.name) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "ExtendedAttribute[" + name + ", " + value.length + " bytes]";
    }
}

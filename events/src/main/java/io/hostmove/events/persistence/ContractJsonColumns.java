package io.hostmove.events.persistence;

import io.hostmove.events.CloudEventCodec;
import io.quarkus.hibernate.orm.JsonFormat;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;

/**
 * JSON columns hold contract records, so they are written exactly as events are: by the contract's own
 * mapper, untouched by whatever the REST layer configures.
 */
@JsonFormat
@PersistenceUnitExtension
public class ContractJsonColumns implements FormatMapper {

    private final FormatMapper delegate = new JacksonJsonFormatMapper(CloudEventCodec.json());

    @Override
    public <T> T fromString(CharSequence json, JavaType<T> type, WrapperOptions options) {
        return delegate.fromString(json, type, options);
    }

    @Override
    public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
        return delegate.toString(value, type, options);
    }
}

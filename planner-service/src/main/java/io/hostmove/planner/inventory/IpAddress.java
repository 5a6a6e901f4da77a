package io.hostmove.planner.inventory;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** A literal IPv4 or IPv6 address, never a name (a name would be looked up in DNS). */
@Documented
@Constraint(validatedBy = IpAddress.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface IpAddress {

    /** 4 or 6. */
    int version();

    String message() default "must be a literal IPv{version} address";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<IpAddress, String> {

        private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
        private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

        private int version;

        @Override
        public void initialize(IpAddress annotation) {
            version = annotation.version();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            // Only literals reach InetAddress, so it never queries DNS.
            if (!(version == 4 ? V4 : V6).matcher(value).matches()) {
                return false;
            }
            try {
                InetAddress address = InetAddress.getByName(value);
                return version == 4 ? address instanceof Inet4Address : address instanceof Inet6Address;
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}

package dev.eventshop.platform.money;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An ISO 4217 currency that money can be counted in: one a country uses today and that has minor units (EUR has 2,
 * JPY 0, KWD 3), since amounts are integers of them. Withdrawn currencies (DEM, FRF) and gold, fund and testing codes
 * (XAU, XDR, XXX) are refused.
 */
@Documented
@Constraint(validatedBy = CurrencyCode.Validator.class)
@Target({ FIELD, METHOD, PARAMETER })
@Retention(RUNTIME)
public @interface CurrencyCode {

    String message() default "must be an ISO 4217 currency with minor units, such as EUR, USD or JPY";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<CurrencyCode, String> {

        /** The currencies of today's countries: the JDK also knows withdrawn ones (DEM, FRF) and funds (XDR). */
        private static final Set<String> COUNTABLE = Arrays.stream(Locale.getISOCountries())
                .map(country -> {
                    try {
                        return Currency.getInstance(new Locale("", country));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                })
                .filter(currency -> currency != null && currency.getDefaultFractionDigits() >= 0)
                .map(Currency::getCurrencyCode)
                .collect(Collectors.toUnmodifiableSet());

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || COUNTABLE.contains(value);
        }
    }
}

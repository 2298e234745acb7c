package dev.eventshop.archfixture.inventory.domain;

import jakarta.enterprise.context.ApplicationScoped;

/** Breaks domain purity: a framework annotation on a domain class. */
@ApplicationScoped
public class FrameworkLeak {
}

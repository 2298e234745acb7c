/**
 * Classes that break each architecture rule on purpose, laid out like the real modules under another root package.
 * {@link dev.eventshop.architecture.ModuleBoundariesTest} checks that every rule reports them, so no rule can pass by
 * matching nothing.
 */
package dev.eventshop.archfixture;

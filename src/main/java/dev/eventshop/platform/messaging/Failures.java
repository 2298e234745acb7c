package dev.eventshop.platform.messaging;

/** How a worker reads a failure: the innermost cause is the provider's or database's own answer. */
final class Failures {

    private Failures() {
    }

    /** The innermost cause. */
    static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The inbox refused the effects because another instance owns the subscription now. */
    static boolean leaseLost(Throwable failure) {
        return causedBy(failure, Inbox.LeaseLostException.class);
    }

    /** The handler said no retry can cure it. */
    static boolean unrecoverable(Throwable failure) {
        return causedBy(failure, UnrecoverableFailure.class);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's type and message: a provider's answer rather than the wrapper that reported it. */
    static String rootMessage(Throwable failure) {
        Throwable root = root(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** What an operator needs to see: the root cause first (its own words), then the chain that led to it. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(rootMessage(failure));
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            text.append(t == failure ? " (via " : " <- ").append(t.getClass().getName());
            if (t.getCause() == null) {
                text.append(')');
                break;
            }
        }
        return text.length() > 4000 ? text.substring(0, 4000) : text.toString();
    }
}

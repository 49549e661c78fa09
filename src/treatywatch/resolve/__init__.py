"""Article facts resolved into agreements across articles."""

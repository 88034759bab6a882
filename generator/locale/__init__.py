"""Words and numbers in the plan's language: UI labels, numbers, money, dates, lists."""

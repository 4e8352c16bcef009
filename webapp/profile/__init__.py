"""Who a person is: their details, emergency contact, candidacy and FEOA consent."""

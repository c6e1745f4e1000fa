const unsigned long auto_notqmail = 0UL;
const unsigned long auto_sendknown = 2UL;
const unsigned long auto_senduid = 0UL;

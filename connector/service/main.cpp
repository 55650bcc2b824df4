// The mailbridge executable.

#include "connector/service/MailbridgeApp.h"

#include <iostream>

POCO_SERVER_MAIN(mailbridge::service::MailbridgeApp)

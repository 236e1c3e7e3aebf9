// AMQP module

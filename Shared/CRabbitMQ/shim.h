#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>
#include <amqp_framing.h>

/* amqp_login is variadic: Swift cannot call it directly. */
static inline amqp_rpc_reply_t qlvb_amqp_login_plain(amqp_connection_state_t s, const char *vhost, int channel_max,
    int frame_max, int heartbeat, const char *user, const char *pass) {
  return amqp_login(s, vhost, channel_max, frame_max, heartbeat, AMQP_SASL_METHOD_PLAIN, user, pass);
}
/* The method-number macros are casts, which Swift does not import. */
static const amqp_method_number_t QLVB_BASIC_ACK = AMQP_BASIC_ACK_METHOD;
static const amqp_method_number_t QLVB_BASIC_NACK = AMQP_BASIC_NACK_METHOD;
static const amqp_method_number_t QLVB_BASIC_RETURN = AMQP_BASIC_RETURN_METHOD;
static const amqp_method_number_t QLVB_BASIC_DELIVER = AMQP_BASIC_DELIVER_METHOD;
static const amqp_method_number_t QLVB_CHANNEL_CLOSE = AMQP_CHANNEL_CLOSE_METHOD;
static const amqp_method_number_t QLVB_CONNECTION_CLOSE = AMQP_CONNECTION_CLOSE_METHOD;
static const amqp_method_number_t QLVB_BASIC_CANCEL = AMQP_BASIC_CANCEL_METHOD;
static const amqp_flags_t QLVB_BASIC_CONTENT_TYPE_FLAG = AMQP_BASIC_CONTENT_TYPE_FLAG;
static const amqp_flags_t QLVB_BASIC_DELIVERY_MODE_FLAG = AMQP_BASIC_DELIVERY_MODE_FLAG;
static const amqp_flags_t QLVB_BASIC_HEADERS_FLAG = AMQP_BASIC_HEADERS_FLAG;
static const amqp_flags_t QLVB_BASIC_MESSAGE_ID_FLAG = AMQP_BASIC_MESSAGE_ID_FLAG;
static const amqp_flags_t QLVB_BASIC_TYPE_FLAG = AMQP_BASIC_TYPE_FLAG;
static const amqp_flags_t QLVB_BASIC_CORRELATION_ID_FLAG = AMQP_BASIC_CORRELATION_ID_FLAG;
static const amqp_flags_t QLVB_BASIC_TIMESTAMP_FLAG = AMQP_BASIC_TIMESTAMP_FLAG;

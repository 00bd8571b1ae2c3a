"""Built-in texts, used for a message kind in zh or en when the policy gives none.

The Chinese timeout texts are the platform defaults quoted in seed 004. The queue
text gives the customer's place in line ("第 1 位" is first, nobody ahead), so it
reads right at every position (MSG-3).
"""

from __future__ import annotations

BUILTIN_TEXTS: dict[str, dict[str, str]] = {
    "welcome": {
        "zh": "您好，欢迎光临！请问有什么可以帮您？",
        "en": "Hello and welcome! How can we help you today?",
    },
    "off_hours": {
        "zh": "您好，现在是下班时间，客服将于 {next_open} 上线。您可以留言，我们上班后第一时间回复。",
        "en": "Hello, we are closed right now and back at {next_open}. "
        "Leave a message and we will reply as soon as we are back.",
    },
    "queue": {
        "zh": "感谢您的耐心等待，您目前排在第 {queue_position} 位，客服将尽快为您服务。",
        "en": "Thank you for waiting. You are number {queue_position} in the queue; an agent will be with you shortly.",
    },
    "offline": {
        "zh": "感谢您的咨询，我们已收到您的消息。客服暂时不在线，将于 {next_open} 起尽快回复您。",
        "en": "Thank you, we have received your message. No agent is available right now; "
        "we will reply from {next_open}.",
    },
    "survey": {
        "zh": "本次服务已结束，请对我们的服务进行评价。",
        "en": "This conversation has ended. Please rate our service.",
    },
    "customer_timeout_warning": {
        "zh": "您好，我们长时间没有收到您的回复，稍后将自动结束本次对话。如果还需帮助，欢迎随时联系我们。",
        "en": "We have not heard from you for a while, so this conversation will close soon. "
        "Contact us again any time.",
    },
    "agent_timeout_warning": {
        "zh": "由于长时间没有回复客户的咨询，稍后系统将自动结束会话",
        "en": "You have not answered the customer for a while; the session will end soon.",
    },
}

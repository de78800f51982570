"""The rules a new installation starts with (Vietnamese texts; administrators edit them in the admin).
Officers' SMS rules are seeded switched off: SMS costs money per message, e-mail does not."""

# (event kind, audience, channel, subject, body, active)
DEFAULT_RULES = [
    ("received", "applicant", "sms", "",
     "Hồ sơ {code} đã được tiếp nhận, hẹn trả kết quả {due}.", True),
    ("received", "applicant", "email", "Hồ sơ {code} đã được tiếp nhận",
     "Kính gửi ông/bà {applicant_name},\n\n"
     "Hồ sơ {code} ({procedure}) đã được tiếp nhận tại {centre}, hẹn trả kết quả {due}.\n"
     "Ông/bà dùng mã hồ sơ để tra cứu tình trạng giải quyết.\n\n{site}", True),
    ("supplementation_requested", "applicant", "sms", "",
     "Hồ sơ {code} cần bổ sung: {items}. Lý do: {reason}. Đề nghị ông/bà bổ sung để tiếp tục giải quyết.", True),
    ("supplementation_requested", "applicant", "email", "Hồ sơ {code}: đề nghị bổ sung hồ sơ",
     "Kính gửi ông/bà {applicant_name},\n\n"
     "Để tiếp tục giải quyết hồ sơ {code} ({procedure}), đề nghị ông/bà bổ sung: {items}.\n"
     "Lý do: {reason}.\n"
     "Thời gian chờ bổ sung không tính vào thời hạn giải quyết.\n\n{site}", True),
    ("rescheduled", "applicant", "sms", "",
     "Xin lỗi ông/bà: hồ sơ {code} chưa giải quyết kịp hẹn {previous_due}. "
     "Hẹn trả kết quả mới: {new_due}. Lý do: {reason}.", True),
    ("rescheduled", "applicant", "email", "Hồ sơ {code}: thư xin lỗi và hẹn lại ngày trả kết quả",
     "Kính gửi ông/bà {applicant_name},\n\n"
     "Chúng tôi xin lỗi vì hồ sơ {code} ({procedure}) chưa được giải quyết kịp ngày hẹn {previous_due}.\n"
     "Lý do: {reason}.\n"
     "Ngày hẹn trả kết quả mới: {new_due}.\n\n"
     "Mong ông/bà thông cảm.\n\n{site}", True),
    ("result_issued", "applicant", "sms", "",
     "Hồ sơ {code} đã có kết quả giải quyết. Mời ông/bà nhận kết quả tại {centre} "
     "hoặc theo hình thức đã đăng ký.", True),
    ("result_issued", "applicant", "email", "Hồ sơ {code} đã có kết quả",
     "Kính gửi ông/bà {applicant_name},\n\n"
     "Hồ sơ {code} ({procedure}) đã có kết quả giải quyết. "
     "Mời ông/bà nhận kết quả tại {centre} hoặc theo hình thức đã đăng ký.\n\n{site}", True),
    ("result_returned", "applicant", "sms", "",
     "Hồ sơ {code} đã được trả kết quả. Cảm ơn ông/bà; mời ông/bà đánh giá mức độ hài lòng: {rating_url}", True),
    ("result_returned", "applicant", "email", "Hồ sơ {code} đã được trả kết quả",
     "Kính gửi ông/bà {applicant_name},\n\n"
     "Kết quả giải quyết hồ sơ {code} ({procedure}) đã được trả cho ông/bà.\n"
     "Cảm ơn ông/bà; mời ông/bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ tại: {rating_url}\n\n{site}", True),
    ("assigned", "assignee", "email", "Phân công xử lý hồ sơ {code}",
     "Kính gửi ông/bà {assignee_name},\n\n"
     "Ông/bà được phân công xử lý hồ sơ {code} ({procedure}) của {applicant_name}.\n"
     "Bước: {step}, hạn của bước: {step_due}.\n"
     "Hạn trả kết quả: {due}.\n\n{site}", True),
    ("assigned", "assignee", "sms", "",
     "Ông/bà được phân công xử lý hồ sơ {code}, hạn của bước {step_due}, hạn trả kết quả {due}.", False),
    ("deadline_due_soon", "assignee", "email", "Hồ sơ {code} sắp đến hạn",
     "Kính gửi ông/bà {assignee_name},\n\n"
     "Hồ sơ {code} ({procedure}) sắp đến {deadline}: {deadline_at}, còn {remaining}.\n\n{site}", True),
    ("deadline_due_soon", "assignee", "sms", "",
     "Hồ sơ {code} sắp đến {deadline} ({deadline_at}), còn {remaining}.", False),
    ("deadline_overdue", "assignee", "email", "Hồ sơ {code} đã quá hạn",
     "Kính gửi ông/bà {assignee_name},\n\n"
     "Hồ sơ {code} ({procedure}) đã quá {deadline} ({deadline_at}). "
     "Đề nghị ông/bà khẩn trương xử lý.\n\n{site}", True),
    ("deadline_overdue", "assignee", "sms", "",
     "Hồ sơ {code} đã quá {deadline} ({deadline_at}).", False),
]


def ensure_default_rules(rule_model) -> int:
    """Creates the default rules that are missing (existing ones, possibly edited, are kept). Takes the
    model so that the data migration can pass its historical one."""
    created = 0
    for kind, audience, channel, subject, body, active in DEFAULT_RULES:
        _rule, was_created = rule_model.objects.get_or_create(
            event_kind=kind, audience=audience, channel=channel,
            defaults={"subject": subject, "body": body, "active": active})
        created += was_created
    return created

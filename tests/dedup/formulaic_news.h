// Formulaic Vietnamese news texts for dedup tests and the dedup crawl test: the reports a
// provincial paper publishes every day (weather, gold and farm prices, court notices, traffic
// accidents, lottery results, meetings, fires), written from one phrase book so that texts of one
// kind share most of their wording and differ in their facts: names, places, dates, numbers.
// This is the case that made SimHash links wrong (issue 13). Header-only test support.
#ifndef NEWSCRAWL_TESTS_DEDUP_FORMULAIC_NEWS_H_
#define NEWSCRAWL_TESTS_DEDUP_FORMULAIC_NEWS_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace newscrawl::testing {

struct FormulaicArticle {
  std::string title;
  std::string lead;
  std::vector<std::string> paragraphs;
  std::string published_at;  // ISO 8601 with +07:00
  int kind = 0;

  std::string Body() const {
    std::string out;
    for (const std::string& p : paragraphs) {
      if (!out.empty()) out += "\n\n";
      out += p;
    }
    return out;
  }
};

inline constexpr int kFormulaicKinds = 8;

// The article of kind `kind` (0..kFormulaicKinds-1) whose facts are drawn from `seed`.
inline FormulaicArticle MakeFormulaicArticle(int kind, std::uint64_t seed) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(kind) * 1315423911ULL + 7);
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& { return v[rng() % v.size()]; };
  auto num = [&](int lo, int hi) { return std::to_string(lo + static_cast<int>(rng() % static_cast<std::uint64_t>(hi - lo + 1))); };
  static const std::vector<std::string> kPlaces = {
      "Pleiku", "An Khê", "Ayun Pa", "Chư Păh", "Chư Prông", "Chư Sê", "Đak Đoa", "Đak Pơ", "Đức Cơ", "Ia Grai",
      "Ia Pa", "Kbang", "Kông Chro", "Krông Pa", "Mang Yang", "Phú Thiện", "Chư Pưh", "Quy Nhơn", "Hoài Nhơn"};
  static const std::vector<std::string> kFamily = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
                                                   "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Rơ Châm",
                                                   "Ksor", "Siu", "Rơ Mah"};
  static const std::vector<std::string> kMiddle = {"Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc"};
  static const std::vector<std::string> kGiven = {"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Linh",
                                                  "Long", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Tuấn",
                                                  "Vy", "H'Bia", "Blơi", "Nhung"};
  auto person = [&] { return pick(kFamily) + " " + pick(kMiddle) + " " + pick(kGiven); };
  const std::string day = num(1, 28), month = num(1, 12), year = num(2021, 2026);
  const std::string date = day + "/" + month;
  const std::string place = pick(kPlaces), place2 = pick(kPlaces);
  const std::string official = person();
  static const std::vector<std::string> kRoles = {"Chủ tịch UBND", "Phó Chủ tịch UBND", "Bí thư Huyện ủy",
                                                  "Trưởng phòng Nông nghiệp và Phát triển nông thôn",
                                                  "Giám đốc Trung tâm Y tế", "Trưởng Công an"};
  const std::string role = pick(kRoles);
  FormulaicArticle a;
  a.kind = kind;
  a.published_at = year + "-" + (month.size() == 1 ? "0" + month : month) + "-" + (day.size() == 1 ? "0" + day : day) +
                   "T0" + num(6, 9) + ":" + num(10, 59) + ":00+07:00";
  auto& p = a.paragraphs;
  switch (kind % kFormulaicKinds) {
    case 0: {  // weather
      const std::string lo = num(14, 22), hi = num(26, 35), rain = num(10, 120);
      a.title = "Dự báo thời tiết ngày " + date + ": " + place + " có mưa rào và dông rải rác";
      a.lead = "Theo Đài Khí tượng thủy văn tỉnh, ngày " + date + ", khu vực " + place + " có mưa rào và dông rải rác.";
      p.push_back("Theo Đài Khí tượng thủy văn tỉnh, ngày " + date + ", khu vực " + place + " và các huyện lân cận có mây thay đổi, chiều tối có mưa rào và dông rải rác, cục bộ có nơi mưa to với lượng mưa phổ biến từ " + num(5, 20) + " đến " + rain + " mm.");
      p.push_back("Nhiệt độ thấp nhất từ " + lo + " đến " + num(18, 24) + " độ C, nhiệt độ cao nhất từ " + num(25, 29) + " đến " + hi + " độ C. Độ ẩm không khí từ " + num(60, 75) + " đến " + num(80, 98) + "%.");
      p.push_back("Gió " + pick({"đông bắc", "tây nam", "đông nam", "tây"}) + " cấp " + num(2, 4) + ", có lúc cấp " + num(4, 6) + ". Trong cơn dông có khả năng xảy ra lốc, sét, mưa đá và gió giật mạnh.");
      p.push_back("Cơ quan khí tượng cảnh báo nguy cơ xảy ra lũ quét, sạt lở đất tại các vùng núi, vùng sâu, vùng xa của huyện " + place2 + ". Người dân cần theo dõi chặt chẽ các bản tin dự báo, chủ động phòng tránh, đảm bảo an toàn tính mạng và tài sản.");
      p.push_back("Từ đầu mùa mưa đến nay, trên địa bàn tỉnh đã xảy ra " + num(2, 15) + " đợt mưa lớn, làm " + num(1, 40) + " ngôi nhà bị tốc mái và hơn " + num(10, 300) + " ha cây trồng bị ngập úng.");
      break;
    }
    case 1: {  // gold price
      const std::string buy = num(70, 160) + "," + num(10, 99), sell = num(70, 160) + "," + num(10, 99);
      a.title = "Giá vàng hôm nay " + date + ": vàng miếng " + pick({"tăng", "giảm", "đi ngang"}) + " " + num(100, 900) + " nghìn đồng";
      a.lead = "Sáng " + date + ", giá vàng miếng SJC được niêm yết ở mức " + buy + " triệu đồng/lượng mua vào.";
      p.push_back("Sáng " + date + ", giá vàng miếng SJC tại các doanh nghiệp kinh doanh vàng được niêm yết ở mức " + buy + " triệu đồng/lượng mua vào và " + sell + " triệu đồng/lượng bán ra, " + pick({"tăng", "giảm"}) + " " + num(100, 900) + " nghìn đồng so với phiên hôm qua.");
      p.push_back("Giá vàng nhẫn trơn 9999 được giao dịch quanh mức " + num(70, 150) + "," + num(10, 99) + " - " + num(70, 150) + "," + num(10, 99) + " triệu đồng/lượng. Chênh lệch giữa giá mua và giá bán được các doanh nghiệp duy trì ở mức " + num(1, 3) + " triệu đồng/lượng.");
      p.push_back("Trên thị trường thế giới, giá vàng giao ngay đứng ở mức " + num(1800, 4200) + " USD/ounce, " + pick({"tăng", "giảm"}) + " " + num(1, 60) + " USD so với phiên trước. Quy đổi theo tỷ giá, giá vàng thế giới tương đương khoảng " + num(60, 140) + " triệu đồng/lượng.");
      p.push_back("Theo các chuyên gia, giá vàng thời gian tới sẽ còn biến động khó lường. Người dân cần cân nhắc kỹ trước khi mua bán, tránh chạy theo tâm lý đám đông.");
      break;
    }
    case 2: {  // court
      const std::string defendant = person();
      a.title = "Tuyên phạt " + defendant + " " + num(2, 20) + " năm tù về tội " + pick({"trộm cắp tài sản", "lừa đảo chiếm đoạt tài sản", "cố ý gây thương tích", "mua bán trái phép chất ma túy"});
      a.lead = "Ngày " + date + ", TAND " + place + " mở phiên tòa hình sự sơ thẩm xét xử bị cáo " + defendant + ".";
      p.push_back("Ngày " + date + ", TAND " + place + " mở phiên tòa hình sự sơ thẩm xét xử bị cáo " + defendant + " (SN " + num(1965, 2005) + ", trú tại xã " + pick(kPlaces) + ", huyện " + place2 + ").");
      p.push_back("Theo cáo trạng, khoảng " + num(1, 23) + " giờ ngày " + num(1, 28) + "/" + num(1, 12) + "/" + year + ", lợi dụng sơ hở của " + person() + ", bị cáo " + defendant + " đã thực hiện hành vi chiếm đoạt tài sản trị giá hơn " + num(5, 900) + " triệu đồng.");
      p.push_back("Tại phiên tòa, bị cáo " + defendant + " thành khẩn khai báo, tỏ ra ăn năn hối cải. Hội đồng xét xử nhận định hành vi của bị cáo là nguy hiểm cho xã hội, xâm phạm quyền sở hữu tài sản của người khác được pháp luật bảo vệ.");
      p.push_back("Sau khi xem xét các tình tiết tăng nặng, giảm nhẹ, Hội đồng xét xử tuyên phạt bị cáo " + defendant + " " + num(2, 20) + " năm tù, đồng thời buộc bị cáo bồi thường cho bị hại số tiền " + num(5, 900) + " triệu đồng.");
      break;
    }
    case 3: {  // accident
      const std::string driver = person();
      a.title = "Va chạm giữa xe tải và xe máy trên quốc lộ " + num(14, 25) + ", " + num(1, 3) + " người tử vong";
      a.lead = "Khoảng " + num(5, 22) + " giờ ngày " + date + ", trên quốc lộ đoạn qua " + place + " đã xảy ra vụ tai nạn giao thông.";
      p.push_back("Khoảng " + num(5, 22) + " giờ " + num(10, 59) + " phút ngày " + date + ", trên quốc lộ " + num(14, 25) + " đoạn qua xã " + pick(kPlaces) + ", huyện " + place + " đã xảy ra vụ va chạm giữa xe tải biển kiểm soát 81C-" + num(100, 999) + "." + num(10, 99) + " do ông " + driver + " (SN " + num(1960, 2000) + ") điều khiển và xe máy biển kiểm soát 81B" + num(1, 9) + "-" + num(100, 999) + "." + num(10, 99) + ".");
      p.push_back("Cú va chạm khiến người điều khiển xe máy là anh " + person() + " (SN " + num(1970, 2008) + ", trú tại " + place2 + ") tử vong tại chỗ, người ngồi sau bị thương nặng được đưa đi cấp cứu tại Bệnh viện Đa khoa tỉnh.");
      p.push_back("Nhận tin báo, Công an huyện " + place + " đã có mặt tại hiện trường, phối hợp với các lực lượng chức năng phân luồng giao thông, khám nghiệm hiện trường và điều tra làm rõ nguyên nhân vụ tai nạn.");
      p.push_back("Từ đầu năm đến nay, trên địa bàn huyện đã xảy ra " + num(3, 40) + " vụ tai nạn giao thông, làm chết " + num(1, 20) + " người và bị thương " + num(2, 50) + " người.");
      break;
    }
    case 4: {  // lottery
      a.title = "Kết quả xổ số kiến thiết " + pick({"Gia Lai", "Kon Tum", "Đắk Lắk", "Bình Định"}) + " ngày " + date + "/" + year;
      a.lead = "Kết quả xổ số kiến thiết mở thưởng ngày " + date + "/" + year + ".";
      p.push_back("Giải đặc biệt: " + num(100000, 999999) + ". Giải nhất: " + num(10000, 99999) + ". Giải nhì: " + num(10000, 99999) + ". Giải ba: " + num(10000, 99999) + " - " + num(10000, 99999) + ".");
      p.push_back("Giải tư: " + num(10000, 99999) + " - " + num(10000, 99999) + " - " + num(10000, 99999) + " - " + num(10000, 99999) + " - " + num(10000, 99999) + ". Giải năm: " + num(1000, 9999) + ". Giải sáu: " + num(1000, 9999) + " - " + num(1000, 9999) + ". Giải bảy: " + num(100, 999) + ". Giải tám: " + num(10, 99) + ".");
      p.push_back("Công ty Xổ số kiến thiết lưu ý người trúng thưởng mang vé và giấy tờ tùy thân đến trụ sở công ty để lĩnh thưởng trong thời hạn 30 ngày kể từ ngày mở thưởng. Kết quả trên chỉ có giá trị tham khảo, kết quả chính thức căn cứ vào biên bản mở thưởng của hội đồng.");
      break;
    }
    case 5: {  // meeting
      a.title = place + " triển khai nhiệm vụ phát triển kinh tế - xã hội " + pick({"quý I", "quý II", "6 tháng cuối năm", "năm " + year});
      a.lead = "Ngày " + date + ", UBND huyện " + place + " tổ chức hội nghị triển khai nhiệm vụ phát triển kinh tế - xã hội.";
      p.push_back("Ngày " + date + ", UBND huyện " + place + " tổ chức hội nghị đánh giá tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội và triển khai nhiệm vụ trọng tâm thời gian tới. Ông " + official + ", " + role + " huyện chủ trì hội nghị.");
      p.push_back("Theo báo cáo, từ đầu năm đến nay, tổng giá trị sản xuất trên địa bàn huyện ước đạt " + num(2000, 15000) + " tỷ đồng, tăng " + num(3, 15) + "% so với cùng kỳ. Thu ngân sách đạt " + num(40, 120) + "% dự toán; tỷ lệ hộ nghèo giảm còn " + num(2, 20) + "%.");
      p.push_back("Tuy nhiên, việc giải ngân vốn đầu tư công còn chậm, một số công trình ở vùng sâu, vùng xa chưa hoàn thành đúng tiến độ. Công tác quản lý đất đai, bảo vệ rừng còn nhiều khó khăn.");
      p.push_back("Phát biểu chỉ đạo, ông " + official + " đề nghị các phòng, ban, đơn vị và UBND các xã tập trung thực hiện quyết liệt các giải pháp, phấn đấu hoàn thành và vượt các chỉ tiêu đề ra, trong đó chú trọng đẩy nhanh tiến độ giải ngân vốn đầu tư công và chương trình mục tiêu quốc gia.");
      p.push_back("Dịp này, UBND huyện đã khen thưởng " + num(5, 40) + " tập thể và " + num(5, 60) + " cá nhân có thành tích xuất sắc.");
      break;
    }
    case 6: {  // farm prices
      const std::string coffee = num(95, 135) + "." + num(100, 900), pepper = num(120, 160) + "." + num(100, 900);
      a.title = "Giá cà phê hôm nay " + date + ": " + pick({"tăng", "giảm"}) + " " + num(200, 2500) + " đồng/kg";
      a.lead = "Giá cà phê nhân xô tại Tây Nguyên hôm nay " + date + " dao động quanh mức " + coffee + " đồng/kg.";
      p.push_back("Khảo sát sáng " + date + ", giá cà phê nhân xô tại các tỉnh Tây Nguyên dao động trong khoảng " + coffee + " - " + num(95, 135) + "." + num(100, 900) + " đồng/kg, " + pick({"tăng", "giảm"}) + " " + num(200, 2500) + " đồng/kg so với hôm qua. Tại Gia Lai, giá cà phê được thu mua ở mức " + num(95, 135) + "." + num(100, 900) + " đồng/kg.");
      p.push_back("Giá hồ tiêu tại " + place + " được thương lái thu mua với giá " + pepper + " đồng/kg, " + pick({"tăng", "giảm", "đi ngang"}) + " so với phiên trước.");
      p.push_back("Trên sàn London, giá cà phê Robusta giao tháng " + num(1, 12) + " " + pick({"tăng", "giảm"}) + " " + num(5, 150) + " USD, lên mức " + num(3000, 5800) + " USD/tấn. Trên sàn New York, giá cà phê Arabica " + pick({"tăng", "giảm"}) + " " + num(1, 9) + "," + num(10, 99) + "%.");
      p.push_back("Theo các doanh nghiệp xuất khẩu, nguồn cung cà phê đang khan hiếm khi người dân chưa bước vào vụ thu hoạch chính, trong khi nhu cầu của các nhà rang xay vẫn ở mức cao.");
      break;
    }
    default: {  // fire
      const std::string owner = person();
      a.title = "Cháy " + pick({"nhà dân", "kho hàng", "xưởng gỗ", "quán karaoke"}) + " tại " + place + ", thiệt hại hàng trăm triệu đồng";
      a.lead = "Khoảng " + num(1, 23) + " giờ ngày " + date + ", tại " + place + " đã xảy ra vụ cháy.";
      p.push_back("Khoảng " + num(1, 23) + " giờ ngày " + date + ", tại " + pick({"nhà", "kho", "xưởng"}) + " của ông " + owner + " ở tổ " + num(1, 15) + ", phường " + pick(kPlaces) + ", " + place + " đã xảy ra vụ cháy lớn.");
      p.push_back("Nhận tin báo, Phòng Cảnh sát PCCC và cứu nạn, cứu hộ Công an tỉnh đã điều động " + num(2, 8) + " xe chữa cháy cùng " + num(15, 60) + " cán bộ, chiến sĩ đến hiện trường. Sau khoảng " + num(1, 4) + " giờ, đám cháy được khống chế hoàn toàn.");
      p.push_back("Vụ cháy không gây thiệt hại về người nhưng đã thiêu rụi nhiều tài sản, ước tính thiệt hại khoảng " + num(100, 900) + " triệu đồng. Nguyên nhân vụ cháy đang được cơ quan chức năng điều tra làm rõ.");
      p.push_back("Cơ quan chức năng khuyến cáo người dân tuyệt đối chấp hành các quy định về phòng cháy, chữa cháy, thường xuyên kiểm tra hệ thống điện, không để các vật dễ cháy gần nguồn lửa, nguồn nhiệt.");
      break;
    }
  }
  return a;
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_DEDUP_FORMULAIC_NEWS_H_

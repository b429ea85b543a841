package normalize

import (
	"github.com/longbridgeapp/opencc"
)

// tradChars lists frequent characters that occur only in traditional text:
// each is a key of OpenCC's TSCharacters table whose simplified form
// differs and which is never itself a simplified form (於 is added by hand:
// it is the simplified surname too, but as 關於 it is the most frequent
// traditional cue). TestTradCharsConvert checks every entry against the
// converter.
const tradChars = "個們來為說時國會對這還發開關與後從當點經機動過現實體長問題學員義條區將應導幹務據產業設構規範檢舉報農幾處專聯線級類認議論權責進選質決總結價單鄉縣鎮廳樓門廣東傳統網絡電話號郵編碼遠運達邊連適遺邏辦勞勵勢隊陽陰際陳險隨隱雙雜難離雲靈韓頁順須預領頭額願顯風飛飯館馬駐驗髮鬥魚鳥麥黃齊齒龍歲歷歸殘殺氣漢濟滿潔灣無煙熱燈營爭爺牆獎獨獲環畫療盡監盤眾礎確礙禮稅穩窮競筆節築簡籌糧糾紀約紅紛納純紙細終絕給繼續維綜綠緊練縮績織職聽聲腦膽臨興舊艱莊華萬葉蓋蘇蘭蟲術衛補裝製複覺觀視親計訂討訓記許訪評詞試詳誠該語誤請諸課調談諮謀講謝證識譜譯護讀變讓貝負財貢貨貧貪購貫費資賓賞賠賢賣賬贊趙趕車軍軌軟較載輔輕輸轉遞違遷鄧鄭醫釋針鈔鋼錄錢錯鍵閉閑間閱闡陸雞雖頒頓頻顏顧飲養驅鬧麗黨齡歡況減湯溝準濕災煉爛狀猶獻畝盜睜磚種稱積穀簽籃粵緒罰罷習聖聞肅脅腳臟兒內兩冊劃劇劍勝協卻壓參叢嗎啟團圍圖圓場塊壞壇壯備夠夢奪奮婦媽孫寧寶審寫尋屬層屆岡島嶺幣師帶幫廢廠庫張強彈彌彙徑復徹態憲憶懷戰戶擁擇擊擴擬擔損換擺撥撫攝敗敵數斷晉暫曉書極標樣樹橋檔欄歐沒溫滅滬漁濱灑煩燒戀樂樸藥藝衝襲見覽訊訴詢貿賀趨躍遲遼鄰醜鐵鑒閃陣階隸韌頂項頸飄騰組臺輪訟鞏銜懲殲餘鍾麼裡裏於"

// TradChars returns the characters whose presence marks a text as
// traditional. It is exported for tests and diagnostics.
func TradChars() string { return tradChars }

// tradSet is a bitmap over the CJK Unified Ideographs block U+4E00..U+9FFF.
type tradSet [(0x9FFF - 0x4E00 + 64) / 64]uint64

func newTradSet() *tradSet {
	var s tradSet
	for _, r := range tradChars {
		if r >= 0x4E00 && r <= 0x9FFF {
			i := r - 0x4E00
			s[i>>6] |= 1 << (i & 63)
		}
	}
	return &s
}

func (s *tradSet) has(r rune) bool {
	if r < 0x4E00 || r > 0x9FFF {
		return false
	}
	i := r - 0x4E00
	return s[i>>6]&(1<<(i&63)) != 0
}

// isTraditional decides from counts gathered in one pass: at least one
// traditional-only character per fifty Han characters. A simplified text
// quoting one traditional name stays below the bar; traditional text is far
// above it (the frequent cues alone make up 15–30% of its characters).
func isTraditional(trad, han int) bool {
	return trad > 0 && trad*50 >= han
}

// converter returns the OpenCC t2s converter, loading it on first use.
func (n *Normalizer) converter() (*opencc.OpenCC, error) {
	n.once.Do(func() {
		n.cc, n.ccErr = opencc.New("t2s")
	})
	return n.cc, n.ccErr
}

// toSimplified converts traditional runes to simplified ones with OpenCC and
// maps the corner quotes traditional text uses to the curly quotes of
// simplified text. It returns ok=false when the converter could not be
// loaded, leaving rs unchanged.
func (n *Normalizer) toSimplified(rs []rune) ([]rune, bool) {
	cc, err := n.converter()
	if err != nil {
		return rs, false
	}
	out, err := cc.Convert(string(rs))
	if err != nil {
		return rs, false
	}
	rs = rs[:0]
	for _, r := range out {
		switch r {
		case '「':
			r = '“'
		case '」':
			r = '”'
		case '『':
			r = '‘'
		case '』':
			r = '’'
		}
		rs = append(rs, r)
	}
	return rs, true
}

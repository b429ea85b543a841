package indexer

// synonymGroups are near-synonyms users of this field expect a search to
// treat alike (ecosystem notes §2: 公车/公务用车, 津补贴/津贴补贴, 四风 and
// its four, 三重一大 and its four, 巡察/巡视 …). They are expanded only when
// a query asks for it (Query.Synonyms), and the result says what was added:
// 巡察 and 巡视 are different levels, so the expansion is never silent. A
// term that merely contains another (八项规定 in 中央八项规定精神) needs no
// entry: the verbatim match finds it.
func synonymGroups() [][]string {
	return [][]string{
		{"公车", "公务用车", "公务车辆"},
		{"津补贴", "津贴补贴"},
		{"四风", "形式主义", "官僚主义", "享乐主义", "奢靡之风"},
		{"三重一大", "重大事项决策", "重要干部任免", "重要项目安排", "大额资金使用"},
		{"巡察", "巡视"},
		{"台账", "台帐"},
		{"一把手", "主要负责人"},
		{"党建", "党的建设"},
		{"小金库", "账外资金"},
		{"违规吃喝", "大吃大喝"},
		{"谈心谈话", "谈话谈心"},
		{"纪委监委", "纪检监察机关"},
		{"师德师风", "教师职业道德"},
		{"信访", "来信来访"},
		{"招投标", "招标投标"},
		{"扫黑除恶", "扫黑"},
		{"蝇贪", "群众身边腐败"},
	}
}

// synonymsOf returns the other members of the group text belongs to.
func synonymsOf(text string) []string {
	for _, g := range synonymGroups() {
		for i, w := range g {
			if w != text {
				continue
			}
			out := make([]string, 0, len(g)-1)
			out = append(out, g[:i]...)
			return append(out, g[i+1:]...)
		}
	}
	return nil
}

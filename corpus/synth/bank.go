package synth

// This file holds the phrase banks: every sentence, title, place and unit
// here was written for this generator and describes nothing real.

// Slots of a disclosure's three problem categories. Each theme belongs to
// one slot, the category a real disclosure would list it under.
const (
	slotPolicy  = iota // 党中央决策部署落实 / 主责主业
	slotConduct        // 群众身边腐败和不正之风 / 全面从严治党 / 财经
	slotOrg            // 基层党组织建设 / 干部队伍 / 监督整改
	nSlots
)

// Sectors of invented units; they decide which sector themes a unit draws.
const (
	secGov    = "gov"
	secEdu    = "edu"
	secHealth = "health"
	secCourt  = "court"
	secTown   = "town"
	secSOE    = "soe"
)

// bankTheme is one theme's phrase bank. Sentences carry placeholders:
// {org} the unit's self-reference (局党组), {area} its jurisdiction
// (全县), {n} a small number. Sectors, when set, restrict the theme to
// units of those sectors.
type bankTheme struct {
	id        string
	slot      int
	sectors   []string
	sentences []string
	problems  []string // problem titles for layout B (关于“…”问题)
}

// banks returns the phrase banks. It builds a fresh slice on every call:
// the package keeps no mutable state.
func banks() []bankTheme {
	return []bankTheme{
		// Slot 1: decisions, core duties, sector mission.
		{id: "A1", slot: slotPolicy, sentences: []string{
			"修订{org}理论学习中心组学习计划，将学习贯彻习近平新时代中国特色社会主义思想作为第一议题，年内开展专题研讨{n}次。",
			"严格落实“第一议题”制度，{org}会议第一时间传达学习上级重要会议精神，结合实际研究贯彻措施。",
			"举办{org}理论学习中心组读书班，围绕党的创新理论开展集中学习，班子成员结合分管工作撰写心得体会。",
			"建立理论学习督学机制，对各支部专题学习开展情况每季度检查通报，推动学思践悟、以学促干。",
		}, problems: []string{"理论学习不够深入系统", "第一议题制度落实不到位"}},
		{id: "A2", slot: slotPolicy, sentences: []string{
			"梳理近三年上级重大决策部署落实情况，建立重点任务推进台账，实行清单化管理、项目化推进。",
			"建立上级决策部署督查督办机制，对落实有差距的事项逐项跟踪问效，每月通报推进情况。",
			"制定贯彻落实上级决策部署工作规则，明确传达学习、研究部署、跟踪问效等环节要求，推动政策落地落实。",
			"对照新发展理念和{area}发展规划，重新研究确定年度重点任务{n}项，班子成员领题推进。",
		}, problems: []string{"贯彻落实上级决策部署不够有力", "重点任务推进缓慢"}},
		{id: "A4", slot: slotPolicy, sectors: []string{secGov}, sentences: []string{
			"开展行政执法规范化专项整治，修订行政处罚裁量基准，杜绝以罚代管。",
			"推行双随机一公开监管方式，年内开展联合抽查{n}次，对检查发现问题逐一督促整改。",
			"厘清行业监管职责边界，制定监管责任清单，消除执法盲区。",
			"建立执法案卷评查制度，每半年开展一次执法检查，对执法不规范问题限期纠正。",
		}, problems: []string{"行业监管不到位", "行政执法不规范"}},
		{id: "A5", slot: slotPolicy, sectors: []string{secGov, secSOE}, sentences: []string{
			"制定优化营商环境攻坚行动方案，梳理涉企审批事项{n}项，压缩办理时限。",
			"深入推进放管服改革，推行一网通办，政务服务事项网上可办率稳步提升。",
			"开展涉企收费专项清理，建立拖欠企业账款动态清零机制，对发现问题限期整改。",
			"落实公平竞争审查制度，对{n}份涉企政策文件开展集中审查，清理妨碍统一市场的规定。",
		}, problems: []string{"优化营商环境措施不实", "涉企服务不到位"}},
		{id: "A6", slot: slotPolicy, sectors: []string{secTown, secGov}, sentences: []string{
			"完善防返贫监测帮扶机制，对{area}监测对象逐户开展核查，落实帮扶措施。",
			"制定发展壮大村集体经济三年行动方案，{n}个村集体经济收入全部达到年度目标。",
			"推进农村人居环境整治提升，建立村庄保洁长效管护机制，每月开展评比通报。",
			"加强衔接资金项目管理，对已建成产业帮扶项目开展效益评估，盘活低效项目。",
		}, problems: []string{"巩固拓展脱贫攻坚成果有差距", "推进乡村振兴举措不实"}},
		{id: "A7", slot: slotPolicy, sentences: []string{
			"组织开展安全生产隐患排查专项行动，建立隐患整改台账，实行闭环管理。",
			"修订突发事件应急预案，年内开展应急演练{n}次，提升应急处置能力。",
			"压实安全责任，与各科室和下属单位签订安全生产责任书，每季度开展一次督导检查。",
			"开展消防安全和燃气安全专项检查，对发现的安全隐患建立清单、限期整改。",
		}, problems: []string{"安全生产责任落实不到位", "风险防范化解能力不足"}},
		{id: "A8", slot: slotPolicy, sentences: []string{
			"修订意识形态工作责任制实施细则，{org}每半年专题研究意识形态工作。",
			"加强政务新媒体管理，建立信息发布三审制度，落实网络舆情监测研判。",
			"制定意识形态阵地管理办法，对讲座论坛、宣传栏等阵地开展全面排查。",
			"建立网络舆情应急处置机制，明确专人负责舆情监测和回应引导。",
		}, problems: []string{"意识形态工作责任制落实不到位", "阵地管理不严"}},
		{id: "A10", slot: slotPolicy, sectors: []string{secGov, secTown}, sentences: []string{
			"对照环保督察反馈问题建立整改清单，逐项明确整改时限，按月调度推进。",
			"全面落实河湖长制，组织开展河道巡查{n}次，清理河道垃圾和违法建筑。",
			"开展耕地保护专项整治，对违法占地问题逐宗核查处置，坚决遏制新增违法用地。",
			"加强大气污染防治，对{area}重点企业开展督查，督促落实治污措施。",
		}, problems: []string{"生态环境保护责任落实不力", "耕地保护工作有差距"}},
		{id: "A11", slot: slotPolicy, sectors: []string{secGov, secTown}, sentences: []string{
			"对{area}低保和特困供养对象开展全面复核，清退不符合条件人员，做到应保尽保。",
			"完善临时救助制度，对急难型困难群众实行先行救助，救助时限压缩至{n}个工作日。",
			"制定年度民生实事项目清单，实行挂图作战，{n}项民生实事按期完成。",
			"加强养老服务设施建设，新建社区养老服务站{n}个，提升居家养老服务水平。",
		}, problems: []string{"惠民政策落实不到位", "社会救助管理不规范"}},
		{id: "A12", slot: slotPolicy, sectors: []string{secEdu}, sentences: []string{
			"全面落实党组织领导的校长负责制，指导{n}所中小学校修订党组织会议和校长办公会议事规则。",
			"坚持立德树人根本任务，完善思政课教师配备，开展思政课集体备课{n}次。",
			"制定义务教育优质均衡发展推进方案，统筹调配教育资源，缩小城乡学校差距。",
			"规范课后服务管理，推进近视防控和学生体质健康工作，每学期开展一次专项督导。",
		}, problems: []string{"立德树人根本任务落实有差距", "党组织领导的校长负责制推进缓慢"}},
		{id: "A12", slot: slotPolicy, sectors: []string{secHealth}, sentences: []string{
			"制定公立医院高质量发展实施方案，明确各级公立医院功能定位。",
			"深化公立医院改革，推进紧密型医共体建设，推动优质医疗资源下沉。",
			"开展公立医院改革与高质量发展示范建设，完善现代医院管理制度。",
			"推进公立医院高质量发展评价，对{n}家公立医院开展绩效考核。",
		}, problems: []string{"公立医院改革推进不力", "医疗服务能力提升有差距"}},
		{id: "A12", slot: slotPolicy, sectors: []string{secCourt}, sentences: []string{
			"开展审判质效提升专项行动，对长期未结案件逐件清理，{n}件积案全部审结。",
			"全面落实司法责任制，完善审判监督管理机制，定期通报审判质效指标。",
			"落实防止干预司法“三个规定”，建立记录报告台账，每季度填报一次。",
			"开展执行难综合治理，对有财产可供执行案件开展集中执行。",
		}, problems: []string{"审判执行质效不高", "司法责任制落实不到位"}},

		// Slot 2: conduct, integrity, finance.
		{id: "B1", slot: slotConduct, sentences: []string{
			"修订公务接待管理办法，严格执行接待标准，每季度公示公务接待费用支出情况。",
			"开展违规吃喝专项整治，对近三年公务接待和公务用车使用情况进行全面自查。",
			"完善公务用车管理制度，实行派车单和行车记录管理，杜绝公车私用。",
			"深入落实中央八项规定精神，在节假日前发送廉洁提醒，严防“四风”反弹。",
		}, problems: []string{"落实中央八项规定精神不严格", "公务接待管理不规范"}},
		{id: "B2", slot: slotConduct, sentences: []string{
			"精简会议文件，严格控制发文数量和会议规模，切实为基层减负。",
			"规范督查检查考核事项，对{n}项考核事项进行合并精简，杜绝过度留痕。",
			"开展形式主义官僚主义问题专项整治，建立问题清单，逐项整改销号。",
			"改进调研方式，班子成员每年深入基层调研不少于{n}次，形成调研报告并推动问题解决。",
		}, problems: []string{"形式主义官僚主义问题仍然存在", "文山会海问题突出"}},
		{id: "B3", slot: slotConduct, sentences: []string{
			"推行首问负责、限时办结和一次性告知制度，提升窗口办事效率。",
			"开展效能暗访，对推诿扯皮、服务态度差的问题通报曝光。",
			"建立窗口服务评价机制，对服务态度和办事效率每月开展评议。",
			"开展干部担当作为专项教育，对不作为慢作为问题严肃处理。",
		}, problems: []string{"服务群众意识不强", "干部担当作为不够"}},
		{id: "B4", slot: slotConduct, sentences: []string{
			"对{n}件信访积案逐件建立化解台账，实行领导包案，限期化解。",
			"畅通信访举报渠道，建立群众来信来访登记、交办、督办、反馈闭环机制。",
			"落实领导接访制度，班子成员每月轮流接待来访群众，及时解决群众诉求。",
			"建立12345热线诉求快速响应机制，对群众诉求实行分级办理。",
		}, problems: []string{"信访积案化解不力", "群众诉求回应不及时"}},
		{id: "B5", slot: slotConduct, sentences: []string{
			"梳理审批、执法、资金分配等关键岗位廉洁风险点{n}个，逐一制定防控措施。",
			"建立廉政风险防控台账，对重点领域关键环节实行定期轮岗和交叉检查。",
			"开展领导干部及其亲属经商办企业情况专项清理，建立报告登记制度。",
			"编制权力清单和运行流程图，规范权力运行，压缩自由裁量空间。",
		}, problems: []string{"重点领域廉洁风险防控不到位", "权力运行监督制约不够"}},
		{id: "B6", slot: slotConduct, sectors: []string{secHealth}, sentences: []string{
			"联合医疗保障部门开展医保基金使用专项检查，对违规使用医保基金问题督促限期整改。",
			"严格落实医疗机构工作人员廉洁从业九项准则，开展医药领域腐败问题集中整治。",
			"建立大处方、过度检查监测预警机制，对异常情况约谈相关科室负责人。",
			"加强医德医风建设，签订拒收回扣承诺书，对收受回扣问题零容忍。",
		}, problems: []string{"医保基金监管不严", "医药领域腐败问题整治不深入"}},
		{id: "B7", slot: slotConduct, sectors: []string{secEdu}, sentences: []string{
			"开展师德师风专项整治，对在职教师违规补课、有偿家教问题开展全面排查。",
			"建立师德考核负面清单，将师德表现作为评先评优首要标准。",
			"规范校园餐管理，落实学校负责人陪餐制度，每月公示伙食费收支情况。",
			"严格执行招生入学政策，公开入学片区划分和招生计划，接受社会监督。",
		}, problems: []string{"师德师风建设不到位", "校园餐管理不规范"}},
		{id: "B8", slot: slotConduct, sectors: []string{secTown}, sentences: []string{
			"开展农村集体“三资”清理专项行动，对集体资产、资源登记造册，建立管理台账。",
			"严格落实“四议两公开”工作法，村级重大事项一律提交村民代表会议决定。",
			"规范村级财务管理，推行村账镇代管，每季度公开村级财务收支情况。",
			"对惠农补贴发放情况逐户核查，对虚报冒领、优亲厚友问题严肃处理。",
		}, problems: []string{"农村集体‘三资’管理不规范", "村级小微权力监督不到位"}},
		{id: "B9", slot: slotConduct, sectors: []string{secCourt}, sentences: []string{
			"开展执法司法突出问题专项整治，对有案不立、压案不查问题逐案倒查。",
			"规范涉案财物管理，建立涉案财物集中管理平台，实行全流程登记。",
			"落实干预司法记录报告制度，对过问案件情况每月汇总报告。",
			"深化政法队伍教育整顿成果，持续整治顽瘴痼疾，提升执法司法公信力。",
		}, problems: []string{"执法司法不规范", "涉案财物管理不严"}},
		{id: "C1", slot: slotConduct, sentences: []string{
			"制定{org}落实全面从严治党主体责任清单，班子成员每半年报告履行“一岗双责”情况。",
			"完善党风廉政建设责任制考核办法，将考核结果与干部评先评优挂钩。",
			"建立全面从严治党压力传导机制，{org}书记每年与班子成员和科室负责人开展廉政谈话。",
			"召开全面从严治党工作会议，逐级签订党风廉政建设责任书，层层传导压力。",
		}, problems: []string{"全面从严治党主体责任落实不到位", "管党治党宽松软"}},
		{id: "C2", slot: slotConduct, sentences: []string{
			"主动接受派驻纪检监察组监督，建立日常监督沟通会商机制，重大事项及时通报。",
			"精准运用监督执纪“四种形态”，特别是第一种形态，对苗头性问题及时提醒纠正。",
			"建立班子成员廉政提醒谈话制度，对新提任干部开展任前廉政谈话。",
			"开展政治监督专项检查，聚焦重点任务落实情况开展专项监督{n}次。",
		}, problems: []string{"监督责任履行不到位", "日常监督偏松偏软"}},
		{id: "C3", slot: slotConduct, sentences: []string{
			"组织全体干部职工赴廉政教育基地开展警示教育，观看警示片，以身边案例开展以案促改。",
			"深入开展党纪学习教育，组织学习《中国共产党纪律处分条例》，{org}书记讲廉政党课。",
			"每季度召开一次警示教育会，通报典型案例，以案明纪、以案示警。",
			"建设廉洁文化长廊，开展廉洁文化进机关活动，营造崇廉拒腐氛围。",
		}, problems: []string{"警示教育针对性不强", "纪律教育常态化不够"}},
		{id: "C4", slot: slotConduct, sentences: []string{
			"对巡察移交的问题线索逐件核查处置，对{n}名相关责任人进行诫勉谈话。",
			"建立问题线索处置台账，实行线索处置全程记录、定期对账。",
			"对履职不力、造成不良影响的人员依规依纪追责问责，形成有力震慑。",
			"对巡察发现的违规问题严肃处理，对{n}名相关人员进行约谈提醒。",
		}, problems: []string{"问题线索处置不及时", "追责问责力度不够"}},
		{id: "E1", slot: slotConduct, sentences: []string{
			"修订财务管理制度，规范报销审批程序，对不合规票据一律不予报销。",
			"对往来款项开展全面清理，{n}笔长期挂账往来款已全部清理到位。",
			"加强预算执行管理，每月分析预算执行进度，提高财政资金使用效益。",
			"组织财务人员参加业务培训，规范会计核算和原始凭证管理。",
		}, problems: []string{"财务管理不规范", "往来款长期挂账"}},
		{id: "E2", slot: slotConduct, sentences: []string{
			"对近三年专项资金使用情况开展全面自查，对违规列支的{n}笔资金予以纠正。",
			"建立专项资金拨付跟踪机制，对资金闲置问题逐项分析原因，加快资金拨付进度。",
			"开展“小金库”专项治理，对账外资金进行全面排查，确保应收尽收。",
			"严格财政资金使用管理，对挤占挪用问题严肃追责，确保资金专款专用。",
		}, problems: []string{"专项资金使用不规范", "违规列支费用"}},
		{id: "E3", slot: slotConduct, sentences: []string{
			"对国有资产开展全面清查，建立资产台账，做到账实相符。",
			"全面清理资产出租合同，对低价出租、逾期未收租金的{n}处房产依法收回或重新招租。",
			"修订固定资产管理办法，规范资产处置审批，防止国有资产流失。",
			"对闲置资产逐项登记造册，制定盘活利用方案，提高资产使用效益。",
		}, problems: []string{"国有资产管理不规范", "资产出租监管缺失"}},
		{id: "E4", slot: slotConduct, sentences: []string{
			"修订政府采购内部管理办法，严格采购程序，杜绝化整为零规避公开招标。",
			"对近三年招投标项目开展自查，对围标串标线索移交有关部门处理。",
			"建立供应商履约评价制度，对采购项目验收实行专人负责、双人签字。",
			"规范询价采购和单一来源采购程序，采购结果在门户网站公开。",
		}, problems: []string{"政府采购管理不规范", "招投标监管不严"}},
		{id: "E5", slot: slotConduct, sectors: []string{secGov, secSOE, secTown, secEdu, secHealth}, sentences: []string{
			"对{n}个已完工未决算工程项目逐一建立台账，限期完成竣工决算。",
			"规范工程变更签证管理，重大设计变更一律提交集体研究。",
			"加强工程项目质量监管，聘请第三方机构开展工程质量巡查。",
			"对拖欠工程款问题开展专项清理，按合同约定及时支付工程款。",
		}, problems: []string{"工程项目管理不规范", "工程建设领域监管缺位"}},
		{id: "E8", slot: slotConduct, sentences: []string{
			"对近三年津补贴发放情况全面自查，违规发放款项已全部清退。",
			"修订绩效工资分配办法，规范奖金发放程序，经集体研究后公示发放。",
			"规范工会经费使用管理，严格执行慰问品发放标准。",
			"清理规范加班费、劳务费发放，建立发放明细台账，接受干部职工监督。",
		}, problems: []string{"违规发放津补贴", "工会经费使用不规范"}},

		// Slot 3: organisation, cadres, supervision follow-up.
		{id: "D1", slot: slotOrg, sentences: []string{
			"修订{org}会议议事规则，细化“三重一大”事项范围和决策程序。",
			"建立议题呈报单制度，重大事项提交{org}会议前必须经过充分酝酿。",
			"规范会议记录本管理，如实记录班子成员发言和表态情况，严格落实末位表态制度。",
			"对近三年“三重一大”事项决策情况开展自查，对未经集体决策的{n}个事项补充履行程序。",
		}, problems: []string{"‘三重一大’事项集体决策执行不严格", "民主集中制执行不到位"}},
		{id: "D2", slot: slotOrg, sentences: []string{
			"严格落实“三会一课”制度，规范会议记录，机关党委每季度开展一次检查通报。",
			"高质量召开专题民主生活会，班子成员认真开展批评和自我批评，建立整改清单。",
			"规范主题党日活动，结合业务工作确定活动主题，增强组织生活实效。",
			"建立谈心谈话制度，{org}书记每年与班子成员谈心谈话不少于{n}次。",
		}, problems: []string{"党内政治生活不严肃", "‘三会一课’制度落实不到位"}},
		{id: "D3", slot: slotOrg, sentences: []string{
			"完成{n}个下属党支部换届选举，选优配强支部书记。",
			"开展软弱涣散党组织排查整顿，逐个制定整改方案，选派干部驻点指导。",
			"推进党支部标准化规范化建设，推动党建和业务深度融合，破解“两张皮”问题。",
			"落实党建工作责任制，将基层党组织建设纳入年度目标考核，开展书记抓党建述职评议。",
		}, problems: []string{"基层党组织建设薄弱", "党建和业务融合不够"}},
		{id: "D4", slot: slotOrg, sentences: []string{
			"严格落实发展党员工作细则，对近三年发展党员档案逐一检查，补齐缺失材料。",
			"开展党费收缴专项检查，对少交党费的党员督促足额补交。",
			"加强流动党员管理，建立流动党员台账，按时转接组织关系。",
			"推行党员积分管理，开展党员亮身份活动，发挥党员先锋模范作用。",
		}, problems: []string{"党员教育管理不严", "发展党员程序不规范"}},
		{id: "D5", slot: slotOrg, sentences: []string{
			"严格执行干部选拔任用工作条例，规范动议、考察、任前公示等程序。",
			"对近三年干部选拔任用工作开展自查，规范干部人事档案管理。",
			"全面清理违规借调人员，{n}名借调人员已全部返回原单位。",
			"严格执行领导干部个人有关事项报告制度，对报告不实问题按规定处理。",
		}, problems: []string{"选人用人不规范", "干部人事档案管理不严"}},
		{id: "D6", slot: slotOrg, sentences: []string{
			"制定年轻干部培养计划，通过轮岗交流、跟班学习等方式加强干部梯次配备。",
			"制定干部队伍建设规划，加大后备干部选拔培养力度，优化干部队伍年龄结构。",
			"开展专业技术人员岗位能力培训，完善人才培养激励机制。",
			"建立干部教育培训计划，全年举办业务培训班{n}期。",
		}, problems: []string{"干部队伍结构不优", "年轻干部培养不够"}},
		{id: "D7", slot: slotOrg, sentences: []string{
			"对照三定方案厘清内设机构职责，清理混编混岗问题。",
			"全面清理编外人员，规范临聘人员招聘和管理。",
			"开展在编不在岗专项清理，对{n}名长期借用人员予以规范。",
			"严格机构编制管理，不得擅自增设内设机构。",
		}, problems: []string{"机构编制管理不规范", "混编混岗问题突出"}},
		{id: "F1", slot: slotOrg, sentences: []string{
			"对上轮巡察反馈问题逐项重新梳理，对整改不彻底的问题重新制定措施，明确完成时限。",
			"建立整改成效评估机制，每季度对整改情况开展监督检查，防止问题反弹回潮。",
			"对上一轮巡察整改不到位的{n}个问题实行挂牌督办，整改完成后组织验收。",
			"坚决杜绝敷衍整改、表面整改，对整改进度缓慢的科室负责人进行提醒。",
		}, problems: []string{"上轮巡察反馈问题整改不到位", "整改成果巩固不够"}},
		{id: "F2", slot: slotOrg, sentences: []string{
			"对审计发现问题建立整改台账，逐项对账销号，整改情况按季度报送。",
			"落实经济责任审计结果运用，将审计意见整改情况纳入年度考核。",
			"建立审计整改长效机制，对审计反馈问题深入分析原因，完善相关制度。",
			"对主题教育检视问题逐项复核，确保整改到位、取得实效。",
		}, problems: []string{"审计发现问题整改不到位", "监督成果运用不够"}},
		{id: "G1", slot: slotOrg, sentences: []string{
			"规范文书档案管理，对近三年文书档案进行集中整理归档。",
			"完善政务公开目录，及时公开重大决策和民生事项信息。",
			"加强保密管理，开展保密自查自评，组织涉密人员参加保密培训。",
			"规范公文处理流程，建立公文办理督办制度。",
		}, problems: []string{"档案管理不规范", "政务公开不及时"}},
	}
}

// categoryTitles holds the heading wording of each slot per layout family.
func categoryTitles(layout string, slot int, scope string) []string {
	switch layout {
	case "C":
		return [][]string{
			{"聚焦党中央决策部署在基层的落实情况方面存在的问题", "聚焦贯彻落实党中央决策部署和上级工作要求方面存在的问题"},
			{"聚焦群众身边不正之风和腐败问题方面存在的问题", "聚焦群众身边腐败问题和不正之风以及群众反映强烈方面存在的问题"},
			{"聚焦基层党组织建设方面存在的问题", "聚焦基层党组织领导班子和干部队伍建设方面存在的问题"},
		}[slot]
	case "B":
		return [][]string{
			{"贯彻落实上级决策部署方面", "履行职能责任方面"},
			{"全面从严治党方面", "落实全面从严治党“两个责任”方面"},
			{"领导班子和干部队伍建设方面", "基层党组织建设方面"},
		}[slot]
	}
	if scope == "巡视" {
		return [][]string{
			{"关于学习贯彻习近平新时代中国特色社会主义思想和落实党中央决策部署方面的问题"},
			{"关于落实全面从严治党战略部署方面的问题"},
			{"关于落实新时代党的组织路线方面的问题"},
		}[slot]
	}
	return [][]string{
		{"关于贯彻落实上级决策部署不够有力方面的问题", "关于履行主责主业有差距方面的问题"},
		{"关于全面从严治党“两个责任”落实不到位方面的问题", "关于群众身边不正之风和腐败问题方面的问题"},
		{"关于基层党组织建设和干部队伍建设方面的问题", "关于领导班子和干部队伍建设方面的问题"},
	}[slot]
}

// topics of invented 专项巡察 rounds.
func topics() []string {
	return []string{"优化营商环境", "财政专项资金管理", "群众身边不正之风和腐败问题", "民生领域资金管理"}
}

// dept is an invented unit template: the organisation's name inside its
// jurisdiction, its party organ, how it refers to itself and its sector.
type dept struct {
	name, organ, formalOrgan, self, sector string
	bare                                   bool // a town or street: no jurisdiction prefix in the short name
}

// jurisdiction is an invented inspecting committee's territory.
type jurisdiction struct {
	name     string // 云岭市, 青溪县
	prefix   string // 市, 县, 区, 省: the short-name prefix
	body     string // 市委, 县委, 区委, 省委
	level    string
	area     string // 全市
	term     int
	areaCode string
	postcode string // first three digits
	street   []string
	depts    []dept
}

func bureau(name, sector string) dept {
	return dept{name: name, organ: "党组", formalOrgan: "党组", self: "局党组", sector: sector}
}

func jurisdictions() []jurisdiction {
	cityDepts := []dept{
		bureau("民政局", secGov), bureau("教育局", secEdu), bureau("财政局", secGov),
		bureau("自然资源局", secGov), bureau("住房和城乡建设局", secGov), bureau("农业农村局", secGov),
		bureau("水务局", secGov), bureau("交通运输局", secGov), bureau("市场监督管理局", secGov),
		bureau("医疗保障局", secHealth), bureau("人力资源和社会保障局", secGov), bureau("文化和旅游局", secGov),
		bureau("司法局", secGov), bureau("应急管理局", secGov), bureau("统计局", secGov),
		{name: "卫生健康委员会", organ: "党委", formalOrgan: "委员会", self: "委党委", sector: secHealth},
		{name: "发展和改革委员会", organ: "党组", formalOrgan: "党组", self: "委党组", sector: secGov},
		{name: "中级人民法院", organ: "党组", formalOrgan: "党组", self: "院党组", sector: secCourt},
		{name: "城市建设投资集团有限公司", organ: "党委", formalOrgan: "委员会", self: "集团党委", sector: secSOE},
		{name: "第一人民医院", organ: "党委", formalOrgan: "委员会", self: "院党委", sector: secHealth},
	}
	county := func(towns ...string) []dept {
		ds := []dept{
			bureau("民政局", secGov), bureau("教育体育局", secEdu), bureau("财政局", secGov),
			bureau("自然资源局", secGov), bureau("住房和城乡建设局", secGov), bureau("农业农村局", secGov),
			bureau("水务局", secGov), bureau("卫生健康局", secHealth), bureau("市场监督管理局", secGov),
			bureau("人力资源和社会保障局", secGov), bureau("林业和草原局", secGov), bureau("医疗保障局", secHealth),
			{name: "人民法院", organ: "党组", formalOrgan: "党组", self: "院党组", sector: secCourt},
			{name: "人民检察院", organ: "党组", formalOrgan: "党组", self: "院党组", sector: secCourt},
		}
		for _, t := range towns {
			d := dept{name: t, organ: "党委", formalOrgan: "委员会", self: "镇党委", sector: secTown, bare: true}
			if t[len(t)-len("街道"):] == "街道" {
				d = dept{name: t, organ: "党工委", formalOrgan: "工作委员会", self: "街道党工委", sector: secTown, bare: true}
			} else if t[len(t)-len("乡"):] == "乡" {
				d.self = "乡党委"
			}
			ds = append(ds, d)
		}
		return ds
	}
	return []jurisdiction{
		{name: "云岭市", prefix: "市", body: "市委", level: "city", area: "全市", term: 10, areaCode: "0871", postcode: "650",
			street: []string{"云岭市翠湖北路", "云岭市金碧路", "云岭市盘江东路"}, depts: cityDepts},
		{name: "青溪县", prefix: "县", body: "县委", level: "county", area: "全县", term: 15, areaCode: "0871", postcode: "651",
			street: []string{"青溪县清风路", "青溪县溪南路"}, depts: county("白沙镇", "龙潭镇", "青石乡")},
		{name: "石门县", prefix: "县", body: "县委", level: "county", area: "全县", term: 14, areaCode: "0871", postcode: "652",
			street: []string{"石门县石门大道", "石门县柳荫街"}, depts: county("柳溪镇", "岩口镇")},
		{name: "云湖区", prefix: "区", body: "区委", level: "county", area: "全区", term: 9, areaCode: "0871", postcode: "650",
			street: []string{"云湖区湖滨路", "云湖区望湖街"}, depts: county("湖滨街道", "望湖街道")},
		{name: "岚山省", prefix: "省", body: "省委", level: "provincial", area: "全省", term: 12, areaCode: "0871", postcode: "650",
			street: []string{"云岭市岚山大道", "云岭市省府路"}, depts: []dept{
				{name: "林业和草原局", organ: "党组", formalOrgan: "党组", self: "局党组", sector: secGov},
				{name: "水利厅", organ: "党组", formalOrgan: "党组", self: "厅党组", sector: secGov},
				{name: "民政厅", organ: "党组", formalOrgan: "党组", self: "厅党组", sector: secGov},
				{name: "统计局", organ: "党组", formalOrgan: "党组", self: "局党组", sector: secGov},
				{name: "教育厅", organ: "党组", formalOrgan: "党组", self: "厅党组", sector: secEdu},
				{name: "卫生健康委员会", organ: "党组", formalOrgan: "党组", self: "委党组", sector: secHealth},
			}},
		{name: "枫林县", prefix: "县", body: "县委", level: "county", area: "全县", term: 15, areaCode: "0871", postcode: "653",
			street: []string{"枫林县枫林大道"}, depts: county("枫桥镇", "红叶乡")},
		{name: "鹤山县", prefix: "县", body: "县委", level: "county", area: "全县", term: 13, areaCode: "0871", postcode: "654",
			street: []string{"鹤山县鹤鸣路"}, depts: county("鹤溪镇", "松坪乡")},
	}
}

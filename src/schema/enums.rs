//! Every closed vocabulary of the input data model (DOMAIN.md §2).

use super::vocab::vocabulary;

vocabulary! {
    /// 主体性质: the partner's legal form.
    LegalForm {
        Enterprise = "enterprise", "企业", ["公司", "company", "企业法人"];
        SoleProprietor = "sole_proprietor", "个体工商户", ["个体户", "individual business"];
        SocialOrg = "social_org", "社会组织", ["社团", "民非", "民办非企业", "社会团体", "基金会", "ngo"];
        Individual = "individual", "个人", ["自然人", "person"];
        Team = "team", "团队(未登记)", ["团队", "未登记团队", "居民团队", "unregistered team"];
    }
}

vocabulary! {
    /// 合伙人类型: Pidu's partner typology.
    PartnerType {
        Business = "business", "商企合伙人", ["商企型", "商企", "商业", "企业合伙人"];
        Community = "community", "社群合伙人", ["社群型", "社群", "community group"];
        Individual = "individual", "个体合伙人", ["个体型", "个体", "个人合伙人"];
    }
}

vocabulary! {
    /// 组织形态 (Chengdu 2023 guidance).
    OrgForm {
        Collective = "collective", "团体型", ["团体"];
        Independent = "independent", "独立型", ["独立"];
    }
}

vocabulary! {
    /// 合作模式: the five cooperation modes named in the source paper.
    CoopMode {
        PurchasedService = "purchased_service", "政府购买服务项目式", ["政府购买服务", "项目式", "购买服务"];
        TimeBank = "time_bank", "时间银行积分式", ["时间银行", "积分式"];
        SharedSpace = "shared_space", "公共空间共营式", ["空间共营", "共营式", "公共空间共营"];
        Crowdfunding = "crowdfunding", "众筹+社群式", ["众筹", "众筹社群式", "众筹+社群"];
        TrustChain = "trust_chain", "社区生活圈信任生态链式", ["信任生态链", "生活圈", "社区生活圈"];
    }
}

vocabulary! {
    /// 服务模式: how much of the service is free, low-cost or market-priced.
    ServiceMode {
        Welfare = "welfare", "公益", ["纯公益", "public welfare"] en "free only";
        WelfareLowCost = "welfare_low_cost", "公益+低偿", ["公益低偿", "公益+微利"] en "free + low-cost";
        WelfareLowCostMarket = "welfare_low_cost_market", "公益+低偿+市场", ["公益低偿市场", "公益+低偿+市场化"] en "free + low-cost + market";
    }
}

vocabulary! {
    /// 服务类别: embedded community service categories.
    Category {
        ElderlyCare = "elderly_care", "养老", ["养老服务", "为老服务", "助老"];
        InfantCare = "infant_care", "托育", ["婴幼儿照护"];
        ChildCare = "child_care", "儿童托管", ["托管", "四点半课堂", "课后托管"];
        Meals = "meals", "助餐", ["老年助餐", "社区食堂", "长者饭堂", "餐饮"];
        Housekeeping = "housekeeping", "家政便民", ["家政", "便民", "便民服务"];
        Health = "health", "健康", ["医疗健康", "健康服务", "康养"];
        Fitness = "fitness", "体育健身", ["健身", "体育", "运动"];
        Culture = "culture", "文化休闲", ["文化", "文娱", "休闲"];
        Education = "education", "教育培训", ["教育", "培训", "课程"];
        Mobility = "mobility", "出行充电", ["充电", "出行", "新能源充电", "ev charging"];
        Other = "other", "其他", ["其它"];
    }
}

vocabulary! {
    /// 公益金计提基数: what the fund share is computed on.
    FundBasis {
        Revenue = "revenue", "营业收入", ["收入", "营收", "营业额", "服务收入"];
        Profit = "profit", "利润", ["净利润", "利润额"];
        Fixed = "fixed", "固定金额", ["固定", "定额"];
        NoFund = "none", "无", ["不计提", "无需缴纳", "不适用"];
    }
}

vocabulary! {
    /// 缴纳周期: how often the fund share falls due.
    FundFrequency {
        Monthly = "monthly", "月", ["每月", "按月", "月度"];
        Quarterly = "quarterly", "季", ["季度", "按季", "每季"];
        Annual = "annual", "年", ["年度", "按年", "每年"];
    }
}

vocabulary! {
    /// 场地方式: the terms on which the community space is granted.
    SpaceTerms {
        Free = "free", "无偿", ["免费", "无偿使用"];
        LowCost = "low_cost", "低偿", ["低偿使用"];
        RentReduction = "rent_reduction", "租金减免", ["减免"];
        RentSubsidy = "rent_subsidy", "租金补贴", ["补贴"];
    }
}

vocabulary! {
    /// 状态: where the partner's agreement stands.
    PartnerStatus {
        Active = "active", "在约", ["合作中", "正常", "履约中"];
        Rectifying = "rectifying", "整改中", ["整改"];
        Exited = "exited", "已退出", ["退出"];
    }
}

vocabulary! {
    /// 决策: the outcome of an evaluation (also 上期决策 in the registry).
    Decision {
        Renew = "renew", "续约", ["继续合作"];
        Rectify = "rectify", "整改后续约", ["整改", "限期整改"];
        Exit = "exit", "退出", ["清退", "不再续约"];
    }
}

vocabulary! {
    /// 等级: the four-band verdict (also 上期等级 in the registry).
    Grade {
        Excellent = "excellent", "优", ["优秀", "a"];
        Good = "good", "良", ["良好", "b"];
        Fair = "fair", "中", ["中等", "合格", "基本合格", "c"];
        Poor = "poor", "差", ["不合格", "d"];
    }
}

vocabulary! {
    /// 定价模式 of one service row.
    PricingMode {
        Free = "free", "公益", ["免费", "无偿", "公益免费"];
        LowCost = "low_cost", "低偿", ["低价", "微利", "优惠"] en "low-cost";
        Market = "market", "市场", ["市场价", "经营", "商业"];
    }
}

vocabulary! {
    /// 缴纳形式 of a fund payment.
    PaymentForm {
        Cash = "cash", "资金", ["现金", "转账", "货币"];
        Goods = "goods", "物资", ["实物"];
        Service = "service", "服务折算", ["服务"];
    }
}

vocabulary! {
    /// 数据来源 of a financial declaration.
    FinancialSource {
        SelfReported = "self_reported", "自报", ["自行申报", "申报"];
        Statements = "statements", "财务报表", ["报表"];
        ThirdParty = "third_party", "第三方核验", ["第三方", "审计"];
    }
}

vocabulary! {
    /// 调查方式 of a questionnaire.
    SurveyMethod {
        OnSite = "on_site", "现场", ["现场填写"];
        Phone = "phone", "电话", ["电话回访"];
        Online = "online", "线上", ["网络", "问卷星", "小程序"];
        DoorToDoor = "door_to_door", "第三方入户", ["入户"];
    }
}

vocabulary! {
    /// 受访者类型.
    RespondentType {
        ServiceUser = "service_user", "服务对象", ["服务用户", "参与者"];
        Resident = "resident", "周边居民", ["居民"];
    }
}

vocabulary! {
    /// 来源 of a complaint.
    Channel {
        Hotline = "hotline_12345", "12345热线", ["12345", "热线"];
        OnSite = "on_site", "现场", ["现场投诉"];
        GridWorker = "grid_worker", "网格员", ["网格"];
        ResidentsCouncil = "residents_council", "居民议事会", ["议事会"];
        MarketRegulator = "market_regulator", "市场监管", ["市场监管局", "市监"];
        Other = "other", "其他", ["其它"];
    }
}

vocabulary! {
    /// 类别 of a complaint or incident.
    ComplaintCategory {
        ServiceQuality = "service_quality", "服务质量", ["质量"];
        Pricing = "pricing", "价格收费", ["价格", "收费", "乱收费"];
        Sales = "sales", "推销营销", ["推销", "营销", "会销", "诱导消费", "虚假宣传", "收集个人信息"];
        Safety = "safety", "安全", ["安全隐患"];
        FoodSafety = "food_safety", "食品安全", ["食安"];
        Hygiene = "hygiene", "卫生", ["环境卫生"];
        Nuisance = "nuisance", "扰民", ["噪音"];
        SpaceMisuse = "space_misuse", "空间占用", ["占用", "占道"];
        Other = "other", "其他", ["其它"];
    }
}

vocabulary! {
    /// 严重程度 of a complaint or incident.
    Severity {
        Minor = "minor", "一般", ["轻微"];
        Serious = "serious", "较重", ["较严重"];
        Major = "major", "重大", ["严重", "特别重大"];
    }
}

vocabulary! {
    /// 涉及否决事项: the veto items of DOMAIN.md §3.4.
    VetoCode {
        V1 = "V1", "V1", ["重大安全事故", "食品安全事故"];
        V2 = "V2", "V2", ["会销", "借公益名义推销"];
        V3 = "V3", "V3", ["转租", "转借", "改变用途"];
        V4 = "V4", "V4", ["隐瞒收入", "隐瞒利润"];
        V5 = "V5", "V5", ["行政处罚", "立案调查", "严重失信"];
    }
}

vocabulary! {
    /// 用途 of a space-usage entry.
    SpacePurpose {
        Welfare = "welfare", "公益活动", ["公益"] en "free activities";
        LowCost = "low_cost", "低偿服务", ["低偿"] en "low-cost services";
        Commercial = "commercial", "市场经营", ["经营", "市场"] en "market-priced business";
        StorageOffice = "storage_office", "仓储办公", ["仓储", "办公"] en "storage or office";
        Idle = "idle", "闲置", ["空置"];
    }
}

vocabulary! {
    /// 产权类型 of a community space.
    PropertyType {
        CommunityRoom = "community_room", "社区用房", ["社区房屋"];
        PartyCenter = "party_center", "党群服务中心", ["党群中心"];
        IdleBuilding = "idle_building", "闲置房", ["闲置用房"];
        Other = "other", "其他", ["其它"];
    }
}

vocabulary! {
    /// 来源 of a rectification item.
    RectificationSource {
        QuarterlyCheck = "quarterly_check", "季度检查", ["季度考核", "季度"];
        AnnualEvaluation = "annual_evaluation", "年度评估", ["年度考核", "年度"];
        Complaint = "complaint", "投诉", ["投诉核查"];
        Other = "other", "其他", ["其它"];
    }
}

vocabulary! {
    /// 复查结果 of a rectification item.
    RecheckResult {
        Fixed = "fixed", "已整改", ["完成", "已完成"];
        Partial = "partial", "部分", ["部分整改"];
        NotFixed = "not_fixed", "未整改", ["未完成"];
    }
}

vocabulary! {
    /// 警示等级 of a rectification item.
    WarningLevel {
        Yellow = "yellow", "黄", ["黄牌"];
        Red = "red", "红", ["红牌"];
    }
}

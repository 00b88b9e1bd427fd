"""The intervention field codes of Regulation (EU) 2021/1060 (Common Provisions Regulation), Annex I, Table 1, as
reference data for the "type of intervention" of the EU list of operations (Art. 49(3)(n)), with their English titles.

Source: the Annex I table itself could not be read from the sources reachable while this was written. The codes and
titles below are those listed, one per line with the English title as a comment, in the public repository
andreoliant/octk (the OpenCoesione toolkit of the Italian cohesion-policy open-data portal), file
``R/07_programmazione.R``, commit 06c88f73b46d8488d5b6c7255ca58a534c9d7938, in its mapping of the 2021–2027
intervention fields (``COD_SETTORE_INTERVENTO``) to themes; taken verbatim except for that file's marker "-> NEW:"
before the titles of 035, 043, 168 and 169.

Not loaded, because that file does not name them (or only shortened): 015 (title cut short with "…" there), 031,
056, 057, 087, 088, 091, 092, 096, 097, 099, 101, 106, 110, 114, 115, 116, 117, 119, 133, 174, 175, 176, 177, 178;
nor the codes above 182 the file lists too (188–193, 198): they are not part of the table as adopted in 2021, and
the amending acts that would add them could not be checked here. The portal administration adds missing codes in the back office
("Interventionsbereiche (Anhang I)"). docs/open-data.md repeats this.
"""

from django.db import migrations

CODES = [
    ('001', 'Investment in fixed assets, including research infrastructure, in micro enterprises directly linked to research and innovation activities'),
    ('002', 'Investment in fixed assets, including research infrastructure, in small and medium-sized enterprises (including private research centres) directly linked to research and innovation activities'),
    ('003', 'Investment in fixed assets, including research infrastructure, in large enterprises directly linked to research and innovation activities'),
    ('004', 'Investment in fixed assets, including research infrastructure, in public research centres and higher education directly linked to research and innovation activities'),
    ('005', 'Investment in intangible assets in micro enterprises directly linked to research and innovation activities'),
    ('006', 'Investment in intangible assets in SMEs (including private research centres) directly linked to research and innovation activities'),
    ('007', 'Investment in intangible assets in large enterprises directly linked to research and innovation activities'),
    ('008', 'Investment in intangible assets in public research centres and higher education directly linked to research and innovation activities'),
    ('009', 'Research and innovation activities in micro enterprises including networking (industrial research, experimental development, feasibility studies)'),
    ('010', 'Research and innovation activities in SMEs, including networking'),
    ('011', 'Research and innovation activities in large enterprises, including networking'),
    ('012', 'Research and innovation activities in public research centres, higher education and centres of competence including networking (industrial research, experimental development, feasibility studies)'),
    ('013', 'Digitising SMEs (including e-Commerce, e-Business and networked business processes, digital innovation hubs, living labs, web entrepreneurs and ICT start-ups, B2B)'),
    ('014', 'Digitising large enterprises (including e-Commerce, e-Business and networked business processes, digital innovation hubs, living labs, web entrepreneurs and ICT start-ups, B2B)'),
    ('016', 'Government ICT solutions, e-services, applications'),
    ('017', 'Government ICT solutions, eservices, applications compliant with greenhouse gas emission reduction or energy efficiency criteria'),
    ('018', 'IT services and applications for digital skills and digital inclusion'),
    ('019', 'e-Health services and applications (including e-Care, Internet of Things for physical activity and ambient assisted living)'),
    ('020', 'Business infrastructure for SMEs (including industrial parks and sites)'),
    ('021', 'SME business development and internationalisation, including productive investments'),
    ('022', 'Support for large enterprises through financial instruments, including productive investments'),
    ('023', 'Skills development for smart specialisation, industrial transition, entrepreneurship and adaptability of enterprises to change'),
    ('024', 'Advanced support services for SMEs and groups of SMEs (including management, marketing and design services)'),
    ('025', 'Incubation, support to spin offs and spin outs and start ups'),
    ('026', 'Support for innovation clusters including between businesses, research organisations and public authorities and business networks primarily benefiting SMEs'),
    ('027', 'Innovation processes in SMEs (process, organisational, marketing, co-creation, user and demand driven innovation)'),
    ('028', 'Technology transfer and cooperation between enterprises, research centres and higher education sector'),
    ('029', 'Research and innovation processes, technology transfer and cooperation between enterprises, research centres and universities, focusing on the low carbon economy, resilience and adaptation to climate change'),
    ('030', 'Research and innovation processes, technology transfer and cooperation between enterprises, focusing on circular economy'),
    ('032', 'ICT: Very High-Capacity broadband network (backbone/backhaul network)'),
    ('033', 'ICT: Very High-Capacity broadband network (access/local loop with a performance equivalent to an optical fibre installation up to the distribution point at the serving location for multi-dwelling premises)'),
    ('034', 'ICT: Very High-Capacity broadband network (access/local loop with a performance equivalent to an optical fibre installation up to the distribution point at the serving location for homes and business premises)'),
    ('035', 'ICT: Very High-Capacity broadband network (access/local loop with a performance equivalent to an optical fibre installation up to the base station for advanced wireless communication)'),
    ('036', 'ICT: Other types of ICT infrastructure (including large-scale computer resources/equipment, data centres, sensors and other wireless equipment)'),
    ('037', 'ICT: Other types of ICT infrastructure (including large-scale computer resources/equipment, data centres, sensors and other wireless equipment) compliant with the carbon emission reduction and energy efficiency criteria'),
    ('038', 'Energy efficiency and demonstration projects in SMEs and supporting measures'),
    ('039', 'Energy efficiency and demonstration projects in large enterprises and supporting measures'),
    ('040', 'Energy efficiency and demonstration projects in SMEs or large enterprises and supporting measures compliant with energy efficiency criteria'),
    ('041', 'Energy efficiency renovation of existing housing stock, demonstration projects and supporting measures'),
    ('042', 'Energy efficiency renovation of existing housing stock, demonstration projects and supporting measures compliant with energy efficiency criteria'),
    ('043', 'Construction of new energy efficient buildings'),
    ('044', 'Energy efficiency renovation or energy efficiency measures regarding public infrastructure, demonstration projects and supporting measures'),
    ('045', 'Energy efficiency renovation or energy efficiency measures regarding public infrastructure, demonstration projects and supporting measures compliant with energy efficiency criteria'),
    ('046', 'Support to entities that provide services contributing to the low carbon economy and to resilience to climate change, including awareness-raising measures'),
    ('047', 'Renewable energy: wind'),
    ('048', 'Renewable energy: solar'),
    ('049', 'Renewable energy: biomass'),
    ('050', 'Renewable energy: biomass with high greenhouse gas savings'),
    ('051', 'Renewable energy: marine'),
    ('052', 'Other renewable energy (including geothermal energy)'),
    ('053', 'Smart Energy Systems (including smart grids and ICT systems) and related storage'),
    ('054', 'High efficiency co-generation, district heating and cooling'),
    ('055', 'High efficiency co generation, efficient district heating and cooling with low lifecycle emissions'),
    ('058', 'Adaptation to climate change measures and prevention and management of climate related risks: floods and landslides (including awareness raising, civil protection and disaster management systems, infrastructures and ecosystem based approaches)'),
    ('059', 'Adaptation to climate change measures and prevention and management of climate related risks: fires (including awareness raising, civil protection and disaster management systems, infrastructures and ecosystem based approaches)'),
    ('060', 'Adaptation to climate change measures and prevention and management of climate related risks: others, e.g. storms and drought (including awareness raising, civil protection and disaster management systems, infrastructures and ecosystem based approaches)'),
    ('061', 'Risk prevention and management of non climate related natural risks and risks linked to human activities, including awareness raising, civil protection and disaster management systems, infrastructures and ecosystem based approaches'),
    ('062', 'Provision of water for human consumption (extraction, treatment, storage and distribution infrastructure, efficiency measures, drinking water supply)'),
    ('063', 'Provision of water for human consumption (extraction, treatment, storage and distribution infrastructure, efficiency measures, drinking water supply) compliant with efficiency criteria'),
    ('064', 'Water management and water resource conservation (including river basin management, specific climate change adaptation measures, reuse, leakage reduction)'),
    ('065', 'Waste water collection and treatment'),
    ('066', 'Waste water collection and treatment compliant with energy efficiency criteria'),
    ('067', 'Household waste management: prevention, minimisation, sorting, reuse, recycling measures'),
    ('068', 'Household waste management: residual waste treatment'),
    ('069', 'Commercial, industrial waste management: prevention, minimisation, sorting, reuse, recycling measures'),
    ('070', 'Commercial, industrial waste management: residual and hazardous waste'),
    ('071', 'Promoting the use of recycled materials as raw materials'),
    ('072', 'Use of recycled materials as raw materials compliant with the efficiency criteria'),
    ('073', 'Rehabilitation of industrial sites and contaminated land'),
    ('074', 'Rehabilitation of industrial sites and contaminated land compliant with efficiency criteria'),
    ('075', 'Support to environmentally-friendly production processes and resource efficiency in SMEs'),
    ('076', 'Support to environmentally-friendly production processes and resource efficiency in large enterprises'),
    ('077', 'Air quality and noise reduction measures'),
    ('078', 'Protection, restoration and sustainable use of Natura 2000 sites'),
    ('079', 'Nature and biodiversity protection, natural heritage and resources, green and blue infrastructure'),
    ('080', 'Other measures to reduce greenhouse gas emissions in the area of preservation and restoration of natural areas with high potential for carbon absorption and storage, e.g. by rewetting of moorlands, the capture of landfill gas'),
    ('081', 'Clean urban transport infrastructure'),
    ('082', 'Clean urban transport rolling stock'),
    ('083', 'Cycling infrastructure'),
    ('084', 'Digitalisation of urban transport'),
    ('085', 'Digitalisation of transport when dedicated in part to greenhouse gas emissions reduction: urban transport'),
    ('086', 'Alternative fuels infrastructure'),
    ('089', 'Newly built or upgraded secondary road links to TEN-T road network and nodes'),
    ('090', 'Newly built or upgraded other national, regional and local access roads'),
    ('093', 'Other reconstructed or modernised roads (motorway, national, regional or local)'),
    ('094', 'Digitalisation of transport: road'),
    ('095', 'Digitalisation of transport when dedicated in part to greenhouse gas emissions reduction: road'),
    ('098', 'Other newly built or upgraded railways'),
    ('100', 'Reconstructed or modernised railways - TEN-T core network'),
    ('102', 'Other reconstructed or modernised railways'),
    ('103', 'Other reconstructed or modernised railways – electric/zero emission'),
    ('104', 'Digitalisation of transport: rail'),
    ('105', 'European Rail Traffic Management System (ERTMS)'),
    ('107', 'Mobile zero emission/electric powered rail assets'),
    ('108', 'Multimodal transport (TEN-T)'),
    ('109', 'Multimodal transport (not urban)'),
    ('111', 'Seaports (TEN-T) excluding facilities dedicated to transport of fossil fuels'),
    ('112', 'Other seaports'),
    ('113', 'Other seaports excluding facilities dedicated to transport of fossil fuels'),
    ('118', 'Security, safety and air traffic management systems, for existing airports'),
    ('120', 'Digitising transport when dedicated in part to greenhouse gas emissions reduction: other transport modes'),
    ('121', 'Infrastructure for early childhood education and care'),
    ('122', 'Infrastructure for primary and secondary education'),
    ('123', 'Infrastructure for tertiary education'),
    ('124', 'Infrastructure for vocational education and training and adult learning'),
    ('125', 'Housing infrastructure for migrants, refugees and persons under or applying for international protection'),
    ('126', 'Housing infrastructure (other than for migrants, refugees and persons under or applying for international protection)'),
    ('127', 'Other social infrastructure contributing to social inclusion in the community'),
    ('128', 'Health infrastructure'),
    ('129', 'Health equipment'),
    ('130', 'Health mobile assets'),
    ('131', 'Digitalisation in health care'),
    ('132', 'Critical equipment and supplies necessary to address emergency situation'),
    ('134', 'Measures to improve access to employment'),
    ('135', 'Measures to promote access to employment of long-term unemployed'),
    ('136', 'Specific support for youth employment and socio-economic integration of young people'),
    ('137', 'Support for self-employment and business start-ups'),
    ('138', 'Support for social economy and social enterprises'),
    ('139', 'Measures to modernise and strengthen labour market institutions and services to assess and anticipate skills needs and to ensure timely and tailor-made assistance'),
    ('140', 'Support for labour market matching and transitions'),
    ('141', 'Support for labour mobility'),
    ('142', 'Measures to promote women’s labour market participation and reduce gender-based segregation in the labour market'),
    ('143', 'Measures promoting work-life balance, including access to childcare and care for dependent persons'),
    ('144', 'Measures for a healthy and well–adapted working environment addressing health risks, including promotion of physical activity'),
    ('145', 'Support for the development of digital skills'),
    ('146', 'Support for adaptation of workers, enterprises and entrepreneurs to change'),
    ('147', 'Measures encouraging active and healthy ageing'),
    ('148', 'Support for early childhood education and care (excluding infrastructure)'),
    ('149', 'Support for primary to secondary education (excluding infrastructure)'),
    ('150', 'Support for tertiary education (excluding infrastructure)'),
    ('151', 'Support for adult education (excluding infrastructure)'),
    ('152', 'Measures to promote equal opportunities and active participation in society'),
    ('153', 'Pathways to integration and re-entry into employment for disadvantaged people'),
    ('154', 'Measures to improve access of marginalised groups such as the Roma to education, employment and to promote their social inclusion'),
    ('155', 'Support to the civil society working with marginalised communities such as the Roma'),
    ('156', 'Specific actions to increase participation of third-country nationals in employment'),
    ('157', 'Measures for the social integration of third-country nationals'),
    ('158', 'Measures to enhancing the equal and timely access to quality, sustainable and affordable services'),
    ('159', 'Measures to enhancing the delivery of family and community-based care services'),
    ('160', 'Measures to improve the accessibility, effectiveness and resilience of healthcare systems (excluding infrastructure)'),
    ('161', 'Measures to improve access to long-term care (excluding infrastructure)'),
    ('162', 'Measures to modernise social protection systems, including promoting access to social protection'),
    ('163', 'Promoting social integration of people at risk of poverty or social exclusion, including the most deprived and children'),
    ('164', 'Addressing material deprivation through food and/or material assistance to the most deprived, including accompanying measures'),
    ('165', 'Protection, development and promotion of public tourism assets and tourism services'),
    ('166', 'Protection, development and promotion of cultural heritage and cultural services'),
    ('167', 'Protection, development and promotion of natural heritage and eco-tourism other than Natura 2000 sites'),
    ('168', 'Physical regeneration and security of public spaces'),
    ('169', 'Territorial development initiatives, including preparation of territorial strategies'),
    ('170', 'Improve the capacity of programme authorities and bodies linked to the implementation of the Funds'),
    ('171', 'Enhancing cooperation with partners both within and outside the Member State'),
    ('172', 'Cross-financing under the ERDF (support to ESF+-type actions necessary for the implementation of the ERDF part of the operation and directly linked to it)'),
    ('173', 'Enhancing institutional capacity of public authorities and stakeholders to implement territorial cooperation projects and initiatives in a cross-border, transnational, maritime and inter-regional context'),
    ('179', 'Information and communication'),
    ('180', 'Preparation, implementation, monitoring and control'),
    ('181', 'Evaluation and studies, data collection'),
    ('182', 'Reinforcement of the capacity of Member State authorities, beneficiaries and relevant partners'),
]


def load_codes(apps, schema_editor):
    InterventionField = apps.get_model("projects", "InterventionField")
    InterventionField.objects.bulk_create(
        [InterventionField(code=code, title=title) for code, title in CODES], ignore_conflicts=True
    )


def remove_codes(apps, schema_editor):
    apps.get_model("projects", "InterventionField").objects.filter(
        code__in=[code for code, _title in CODES], funding_lines__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_eu_list_of_operations")]

    operations = [migrations.RunPython(load_codes, remove_codes)]

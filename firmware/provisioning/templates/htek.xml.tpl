<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by the PBX for {{macColon}} -->
<hl_provision version="1">
  <config version="1">
{{#account1}}
    <P271 para="Account1.Active">1</P271>
    <P20000 para="Account1.Label">{{label}}</P20000>
    <P3 para="Account1.DisplayName">{{displayName}}</P3>
    <P35 para="Account1.SipUserId">{{number}}</P35>
    <P36 para="Account1.AuthenticateID">{{number}}</P36>
    <P34 para="Account1.AuthenticatePassword">{{password}}</P34>
    <P47 para="Account1.SipServer">{{server.host}}:{{server.port}}</P47>
    <P130 para="Account1.Transport">{{server.transportCode}}</P130>
{{/account1}}
{{#moreAccounts}}
    <P{{i*100+201}}>1</P{{i*100+201}}>
    <P{{i*100+217}}>{{label}}</P{{i*100+217}}>
    <P{{i*100+207}}>{{displayName}}</P{{i*100+207}}>
    <P{{i*100+204}}>{{number}}</P{{i*100+204}}>
    <P{{i*100+205}}>{{number}}</P{{i*100+205}}>
    <P{{i*100+206}}>{{password}}</P{{i*100+206}}>
    <P{{i*100+202}}>{{server.host}}:{{server.port}}</P{{i*100+202}}>
{{/moreAccounts}}
    <P91 para="DisableCallWaiting">{{callWaitingOff}}</P91>
    <P8020 para="LDAP.Server">{{ldap.host}}</P8020>
    <P8021 para="LDAP.Port">{{ldap.port}}</P8021>
    <P8022 para="LDAP.Base">{{ldap.base}}</P8022>
    <P8025 para="LDAP.NumberFilter">{{ldap.numberFilter}}</P8025>
    <P8026 para="LDAP.NameFilter">{{ldap.nameFilter}}</P8026>
    <P8027 para="LDAP.Version">3</P8027>
    <P8028 para="LDAP.NameAttributes">{{ldap.nameAttributes}}</P8028>
    <P8029 para="LDAP.NumberAttributes">{{ldap.numberAttributes}}</P8029>
    <P8030 para="LDAP.DisplayName">cn</P8030>
    <P8031 para="LDAP.MaxHits">50</P8031>
  </config>
</hl_provision>

<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by the PBX for {{macColon}} -->
<sysConf>
  <sip>
{{#accounts}}
    <line index="{{i}}">
      <EnableReg>1</EnableReg>
      <DisplayName>{{displayName}}</DisplayName>
      <PhoneNumber>{{number}}</PhoneNumber>
      <RegisterUser>{{number}}</RegisterUser>
      <RegisterPswd>{{password}}</RegisterPswd>
      <RegisterAddr>{{server.host}}</RegisterAddr>
      <RegisterPort>{{server.port}}</RegisterPort>
      <Transport>{{server.fanvilTransport}}</Transport>
      <EnableCallWaiting>{{callWaiting}}</EnableCallWaiting>
    </line>
{{/accounts}}
  </sip>
  <dsskey>
{{#keys}}
    <Fkey index="{{key}}">
      <Type>1</Type>
{{#blf}}
      <Value>{{value}}@{{line}}/b</Value>
{{/blf}}
{{#speed}}
      <Value>{{value}}@{{line}}/f</Value>
{{/speed}}
      <Title>{{label}}</Title>
    </Fkey>
{{/keys}}
  </dsskey>
  <ldap index="1">
    <Server>{{ldap.host}}</Server>
    <port>{{ldap.port}}</port>
    <Base>{{ldap.base}}</Base>
    <Authenticate>0</Authenticate>
    <NameFilter>{{ldap.nameFilter}}</NameFilter>
    <NumberFilter>{{ldap.numberFilter}}</NumberFilter>
    <Displayname>cn</Displayname>
    <MaxHits>50</MaxHits>
    <Version>3</Version>
  </ldap>
  <phone>
    <WelcomeText>{{idleText}}</WelcomeText>
  </phone>
</sysConf>

// Test fixtures: SDP offers as real phones and servers send them (baresip, Yealink, Grandstream,
// Linphone, Asterisk), plus the SDP bodies of RFC 5118 §4.6, §4.8 and §4.9. Addresses are from
// private and documentation ranges.

const crlf = (...lines: string[]): string => lines.join("\r\n") + "\r\n";

export const BARESIP_OFFER = crlf(
  "v=0",
  "o=- 3860186538 3860186538 IN IP4 192.168.1.50",
  "s=-",
  "c=IN IP4 192.168.1.50",
  "t=0 0",
  "a=tool:baresip 3.10.1",
  "m=audio 10520 RTP/AVP 111 9 0 8 101",
  "b=AS:64",
  "a=rtpmap:111 opus/48000/2",
  "a=fmtp:111 stereo=1;sprop-stereo=1",
  "a=rtpmap:9 G722/8000",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=rtcp:10521 IN IP4 192.168.1.50",
  "a=sendrecv",
  "a=label:1",
  "a=ssrc:1580437392 cname:a1b2c3d4-5e6f",
  "a=rtcp-rsize",
  "a=ptime:20",
);

export const YEALINK_OFFER = crlf(
  "v=0",
  "o=- 20019 20019 IN IP4 192.168.1.101",
  "s=SDP data",
  "c=IN IP4 192.168.1.101",
  "t=0 0",
  "m=audio 11798 RTP/AVP 0 8 18 9 101",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:18 G729/8000",
  "a=fmtp:18 annexb=no",
  "a=rtpmap:9 G722/8000",
  "a=fmtp:101 0-15",
  "a=rtpmap:101 telephone-event/8000",
  "a=ptime:20",
  "a=sendrecv",
);

/** A Yealink phone with SRTP set to compulsory. */
export const YEALINK_SRTP_OFFER = crlf(
  "v=0",
  "o=- 20021 20021 IN IP4 192.168.1.101",
  "s=SDP data",
  "c=IN IP4 192.168.1.101",
  "t=0 0",
  "m=audio 11800 RTP/SAVP 0 8 101",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31",
  "a=ptime:20",
  "a=sendrecv",
);

export const GRANDSTREAM_OFFER = crlf(
  "v=0",
  "o=1001 8000 8000 IN IP4 192.168.1.102",
  "s=SIP Call",
  "c=IN IP4 192.168.1.102",
  "t=0 0",
  "m=audio 5004 RTP/AVP 9 0 8 18 4 102 123 101",
  "a=rtpmap:9 G722/8000",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:18 G729/8000",
  "a=fmtp:18 annexb=no",
  "a=rtpmap:4 G723/8000",
  "a=rtpmap:102 iLBC/8000",
  "a=fmtp:102 mode=20",
  "a=rtpmap:123 opus/48000/2",
  "a=fmtp:123 maxplaybackrate=16000; sprop-maxcapturerate=16000; useinbandfec=1",
  "a=ptime:20",
  "a=sendrecv",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
);

/** Linphone desktop with video on: telephone-event at three clock rates, PT 96 in both m=. */
export const LINPHONE_OFFER = crlf(
  "v=0",
  "o=alice 1234 567 IN IP4 192.168.1.103",
  "s=Talk",
  "c=IN IP4 192.168.1.103",
  "t=0 0",
  "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics",
  "m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100",
  "a=rtpmap:96 opus/48000/2",
  "a=fmtp:96 useinbandfec=1",
  "a=rtpmap:97 SILK/16000",
  "a=rtpmap:98 speex/16000",
  "a=fmtp:98 vbr=on",
  "a=rtpmap:18 G729/8000",
  "a=fmtp:18 annexb=yes",
  "a=rtpmap:101 telephone-event/48000",
  "a=rtpmap:99 telephone-event/16000",
  "a=rtpmap:100 telephone-event/8000",
  "a=rtcp-fb:* trr-int 1000",
  "a=rtcp-fb:* ccm tmmbr",
  "m=video 9078 RTP/AVP 96 97",
  "a=rtpmap:96 VP8/90000",
  "a=rtpmap:97 H264/90000",
  "a=fmtp:97 profile-level-id=42801F",
  "a=rtcp-fb:* trr-int 1000",
  "a=rtcp-fb:* ccm tmmbr",
  "a=rtcp-fb:96 nack pli",
  "a=rtcp-fb:97 nack pli",
);

export const ASTERISK_OFFER = crlf(
  "v=0",
  "o=- 1686740186 1686740186 IN IP4 203.0.113.5",
  "s=Asterisk",
  "c=IN IP4 203.0.113.5",
  "t=0 0",
  "m=audio 14602 RTP/AVP 8 0 3 101",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:3 GSM/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-16",
  "a=ptime:20",
  "a=maxptime:150",
  "a=sendrecv",
);

/** The same Asterisk session putting the call on hold (RFC 3264 §8.4 style). */
export const ASTERISK_HOLD_OFFER = ASTERISK_OFFER.replace(
  "1686740186 1686740186",
  "1686740186 1686740187",
).replace("a=sendrecv", "a=sendonly");

/** An RFC 2543 style hold from an old phone: c=0.0.0.0, no direction attribute. */
export const OLD_HOLD_OFFER = crlf(
  "v=0",
  "o=SJphone 3344 3346 IN IP4 192.168.1.104",
  "s=SJphone",
  "c=IN IP4 0.0.0.0",
  "t=0 0",
  "m=audio 49170 RTP/AVP 0 8 101",
  "a=rtpmap:101 telephone-event/8000",
);

/** RFC 5118 §4.6 body. */
export const RFC5118_IPV6_IN_SDP = crlf(
  "v=0",
  "o=assistant 971731711378798081 0 IN IP6 2001:db8::20",
  "s=Live video feed for today's meeting",
  "c=IN IP6 2001:db8::20",
  "t=3338481189 3370017201",
  "m=audio 6000 RTP/AVP 2",
  "a=rtpmap:2 G726-32/8000",
  "m=video 6024 RTP/AVP 107",
  "a=rtpmap:107 H263-1998/90000",
);

/** RFC 5118 §4.8 body: one stream on IPv4, one on IPv6, no session-level c=. */
export const RFC5118_MULT_IP_IN_SDP = crlf(
  "v=0",
  "o=bob 280744730 28977631 IN IP4 host.example.com",
  "s=",
  "t=0 0",
  "m=audio 22334 RTP/AVP 0",
  "c=IN IP4 192.0.2.1",
  "m=video 6024 RTP/AVP 107",
  "c=IN IP6 2001:db8::1",
  "a=rtpmap:107 H263-1998/90000",
);

/** RFC 5118 §4.9 body: IPv4-mapped IPv6 address. */
export const RFC5118_IPV4_MAPPED_IPV6 = crlf(
  "v=0",
  "o=assistant 971731711378798081 0 IN IP6 ::ffff:192.0.2.2",
  "s=Call me soon, please!",
  "c=IN IP6 ::ffff:192.0.2.2",
  "t=3338481189 3370017201",
  "m=audio 6000 RTP/AVP 2",
  "a=rtpmap:2 G726-32/8000",
  "m=video 6024 RTP/AVP 107",
  "a=rtpmap:107 H263-1998/90000",
);
